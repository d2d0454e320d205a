using System.Net;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;

namespace ImageCollection.Api.Tests.Platform;

public sealed class HealthTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Ready_checks_postgres_storage_and_job_storage()
    {
        var response = await api.CreateClient().GetAsync("/health/ready");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        foreach (var check in new[] { "postgres", "storage", "jobs" })
            Assert.Equal("healthy", body.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Live_answers_without_dependencies()
    {
        var response = await api.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_are_not_served_on_a_listener_that_is_not_the_management_port()
    {
        // This fixture has no Management:Port: whatever the Host header says, /metrics does not exist here.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = "127.0.0.1:9464";
        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().SendAsync(request)).StatusCode);
    }
}
