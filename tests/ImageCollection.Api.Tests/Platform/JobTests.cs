using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

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

/// <summary>Its own fixture: no other worker on this database may take the job meant for the one under test.</summary>
public sealed class RecurringJobLockTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_recurring_job_lock_left_by_a_killed_worker_does_not_stop_the_next_from_starting()
    {
        var first = await api.StartWorkerAsync();
        await first.WaitForOutputAsync(l => l.Contains("Recurring jobs registered"), TimeSpan.FromSeconds(30));
        first.Kill();
        // What a worker killed while its scheduler triggered the job leaves behind: the lock row, acquired just now.
        const string resource = "hangfire:lock:recurring-job:orders.sweep-unpaid";
        await api.WithDbAsync(db => db.Database.ExecuteSqlRawAsync(
            "insert into hangfire.lock (resource, updatecount, acquired) values ({0}, 0, now())", resource));

        var second = await api.StartWorkerAsync();
        await second.WaitForOutputAsync(l => l.Contains("Recurring job orders.sweep-unpaid is locked"), TimeSpan.FromSeconds(60));
        var (_, admin) = await api.LoginStaffAsync([StaffRoles.Admin]);
        using var client = api.CreateClient(admin);
        var accepted = await client.PostAsync("/api/v1/staff/system/storage-checks", null);
        var location = accepted.Headers.Location!.ToString();
        var check = await client.GetFromJsonAsync<JsonElement>(location);
        for (var deadline = DateTime.UtcNow.AddSeconds(60); DateTime.UtcNow < deadline && check.GetProperty("status").GetString() == "queued";)
        {
            await Task.Delay(200);
            check = await client.GetFromJsonAsync<JsonElement>(location);
        }
        Assert.True("succeeded" == check.GetProperty("status").GetString(), second.Output);
        Assert.Contains($":{second.Pid}:", check.GetProperty("detail").GetString()); // it runs jobs while the registration waits

        await api.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("delete from hangfire.lock where resource = {0}", resource));
        await second.WaitForOutputAsync(l => l.Contains("Recurring jobs registered"), TimeSpan.FromSeconds(30));
        Assert.False(second.HasExited);
    }
}
