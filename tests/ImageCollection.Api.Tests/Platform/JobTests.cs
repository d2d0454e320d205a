using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Tests.Platform;

public sealed class JobTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_api_enqueues_and_a_separate_worker_process_runs_the_storage_check()
    {
        var worker = await api.StartWorkerAsync();
        var (_, admin) = await api.LoginStaffAsync([StaffRoles.Admin]);
        using var client = api.CreateClient(admin);

        var accepted = await client.PostAsync("/api/v1/staff/system/storage-checks", null);
        Assert.True(HttpStatusCode.Accepted == accepted.StatusCode, string.Join("\n", api.Logs.Lines.Where(l => l.StartsWith("Error"))));
        var location = accepted.Headers.Location!.ToString();

        JsonElement check = default;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            check = await client.GetFromJsonAsync<JsonElement>(location);
            if (check.GetProperty("status").GetString() != "queued") break;
            await Task.Delay(200);
        }

        Assert.True("succeeded" == check.GetProperty("status").GetString(), $"{check}\n{worker.Output}");
        var detail = check.GetProperty("detail").GetString()!;
        Assert.Contains($":{worker.Pid}:", detail); // run by the worker process, not by this test host
        Assert.DoesNotContain($":{Environment.ProcessId}:", detail);
    }

    [Fact]
    public async Task The_dashboard_is_for_admins_through_the_staff_cookie()
    {
        var (_, admin) = await api.LoginStaffAsync([StaffRoles.Admin]);
        var (_, support) = await api.LoginStaffAsync([StaffRoles.Support]);

        async Task<HttpStatusCode> Open(string? cookie)
        {
            using var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
            using var request = new HttpRequestMessage(HttpMethod.Get, "/staff/hangfire");
            if (cookie is not null) request.Headers.Add("Cookie", $"ic_staff={cookie}");
            return (await client.SendAsync(request)).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await Open(null));
        Assert.Equal(HttpStatusCode.Forbidden, await Open(support));
        Assert.Equal(HttpStatusCode.OK, await Open(admin));
    }
}
