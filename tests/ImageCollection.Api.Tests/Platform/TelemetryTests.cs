using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Trace;

namespace ImageCollection.Api.Tests.Platform;

/// <summary>
/// The photo setup with telemetry watched: the worker process exports over OTLP to a receiver in this test host and
/// samples its gauges every second; the API's spans are kept in memory.
/// </summary>
public sealed class TelemetryApiFactory : PhotoApiFactory
{
    public OtlpReceiver Otlp { get; } = new();
    public List<Activity> ApiSpans { get; } = [];

    public TelemetryApiFactory()
    {
        Settings["OTEL_EXPORTER_OTLP_ENDPOINT"] = Otlp.Endpoint;
        Settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        Settings["OTEL_BSP_SCHEDULE_DELAY"] = "200";
        Settings["Telemetry:SampleInterval"] = "00:00:01";
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(ApiSpans)));
    }

    /// <summary>The worker's management listener (port 0 in tests: the one it logged).</summary>
    public string WorkerManagementUrl => Regex.Matches(Worker.Output, @"Now listening on: (http://127\.0\.0\.1:\d+)").Last().Groups[1].Value;

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Otlp.Dispose();
    }
}

/// <summary>
/// Run alone, after every parallel class: OpenTelemetry listens to meters by name across the process, so another host of
/// the test process adds its counts to this host's scrape, and takes them away again when it is disposed (a counter
/// seen going down, ASP.NET Core's instruments missing from a scrape: both failed full runs).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryAlone
{
    public const string Name = "Telemetry, alone";
}

[Collection(TelemetryAlone.Name)]
public sealed class TelemetryTests(TelemetryApiFactory api) : IClassFixture<TelemetryApiFactory>
{
    [Fact]
    public async Task Prometheus_sees_orders_notifications_and_photo_checks_move()
    {
        using var http = new HttpClient();
        var apiMetrics = $"{api.ApiUrl}/metrics";
        var workerMetrics = $"{api.WorkerManagementUrl}/metrics";
        var ordersBefore = Sum(await http.GetStringAsync(apiMetrics), "ic_orders_created_total", "channel=\"jsapi\"");
        var appliedBefore = Sum(await http.GetStringAsync(apiMetrics), "ic_wechat_notifications_total", "outcome=\"applied\"");
        var checksBefore = Sum(await http.GetStringAsync(workerMetrics), "ic_photos_check_duration_seconds_count");

        var s = await api.PaidAsync(); // an order created, a payment notification applied
        var apiAfter = await http.GetStringAsync(apiMetrics);
        Assert.True(Sum(apiAfter, "ic_orders_created_total", "channel=\"jsapi\"") >= ordersBefore + 1, apiAfter);
        Assert.True(Sum(apiAfter, "ic_wechat_notifications_total", "kind=\"payment\"", "outcome=\"applied\"") >= appliedBefore + 1, apiAfter);
        Assert.Contains("http_server_request_duration_seconds", apiAfter); // ASP.NET Core's own instruments beside ours

        var upload = await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto());
        var photoId = (await upload.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db =>
            db.Photos.AnyAsync(p => p.Id == photoId && p.Status == PhotoStatus.PendingReview)), "checked");
        string workerAfter = "";
        await PaymentsApiFactory.Eventually(async () =>
        {
            workerAfter = await http.GetStringAsync(workerMetrics);
            // The check (this worker serves this fixture only: exactly one more) and the sampled review queue.
            return Sum(workerAfter, "ic_photos_check_duration_seconds_count") == checksBefore + 1
                   && Sum(workerAfter, "ic_photos_review_queue") >= 1;
        }, "the worker's metrics to move", 30);
        Assert.True(Sum(workerAfter, "ic_photos_check_duration_seconds_count", "verdict=\"passed\"") >= 1, workerAfter);
        Assert.True(Sum(workerAfter, "ic_jobs_duration_seconds_count", "job=\"IPhotoJobs.CheckAsync\"", "outcome=\"succeeded\"") >= 1, workerAfter);
        Assert.Contains(workerAfter.Split('\n'), l => l.StartsWith("ic_refunds{", StringComparison.Ordinal) && l.Contains("status=\"succeeded\""));
        Assert.Contains(workerAfter.Split('\n'), l => l.StartsWith("ic_messages_outbox", StringComparison.Ordinal));
    }

    [Fact]
    public async Task One_upload_is_one_trace_from_the_api_request_to_the_worker_check()
    {
        var s = await api.PaidAsync();
        var traceId = ActivityTraceId.CreateRandom();
        // As a traced caller: the client sends this trace's traceparent.
        HttpResponseMessage upload;
        using (new Activity("test.upload").SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start())
            upload = await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto());
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        var traceBytes = new byte[16];
        traceId.CopyTo(traceBytes);
        List<ActivitySpanId> apiSpans = [];
        await PaymentsApiFactory.Eventually(() =>
        {
            lock (api.ApiSpans) apiSpans = api.ApiSpans.Where(a => a.TraceId == traceId).Select(a => a.SpanId).ToList();
            var worker = api.Otlp.Bodies("/v1/traces").Where(b => OtlpReceiver.Contains(b, "imagecollection-worker"u8)
                                                                 && OtlpReceiver.Contains(b, traceBytes)).ToList();
            // The worker's check span continues the trace, its parent one of the API's spans of that request.
            return Task.FromResult(apiSpans.Count > 0 && worker.Any(b => apiSpans.Any(id =>
            {
                var spanBytes = new byte[8];
                id.CopyTo(spanBytes);
                return OtlpReceiver.Contains(b, spanBytes) && OtlpReceiver.Contains(b, "IPhotoJobs.CheckAsync"u8);
            })));
        }, "the worker's check span in the API request's trace", 30);
    }

    [Fact]
    public async Task The_worker_answers_health_on_its_management_listener()
    {
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{api.WorkerManagementUrl}/health/live")).StatusCode);
        var ready = await http.GetFromJsonAsync<JsonElement>($"{api.WorkerManagementUrl}/health/ready");
        Assert.Equal("healthy", ready.GetProperty("status").GetString());
        foreach (var check in new[] { "postgres", "storage", "jobs", "job-server" })
            Assert.Equal("healthy", ready.GetProperty("checks").GetProperty(check).GetProperty("status").GetString());
    }

    /// <summary>The sum of a metric's samples in Prometheus text whose labels contain every filter.</summary>
    private static double Sum(string exposition, string metric, params string[] labels) => exposition.Split('\n')
        .Where(l => l.StartsWith(metric + "{", StringComparison.Ordinal) || l.StartsWith(metric + " ", StringComparison.Ordinal))
        .Where(l => labels.All(f => l.Contains(f, StringComparison.Ordinal)))
        .Sum(l => double.Parse(l.Split(' ')[1], CultureInfo.InvariantCulture));
}
