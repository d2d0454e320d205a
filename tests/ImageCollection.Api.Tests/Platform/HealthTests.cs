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
}
