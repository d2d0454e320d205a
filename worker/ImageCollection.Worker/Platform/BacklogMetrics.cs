using System.Diagnostics.Metrics;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Hosting;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Worker.Platform;

/// <summary>
/// Levels read from the database every <c>Telemetry:SampleInterval</c> (default 15 s) and observed as gauges: the
/// review queue, the student-message outbox, refunds by status, running packages and the photos they have left. A
/// scrape reads the last sample, never the database; a failed sample keeps the previous one and is logged.
/// </summary>
public sealed partial class BacklogMetrics : BackgroundService
{
    private readonly IServiceScopeFactory _scopes;
    private readonly TimeSpan _interval;
    private readonly ILogger<BacklogMetrics> _logger;
    private volatile Sample _last = new(0, 0, new Dictionary<RefundStatus, int>(), 0, 0);

    private sealed record Sample(int ReviewQueue, int Outbox, IReadOnlyDictionary<RefundStatus, int> Refunds, int PackagesRunning, int PackagePhotosLeft);

    public BacklogMetrics(IServiceScopeFactory scopes, AppMetrics metrics, IConfiguration configuration, ILogger<BacklogMetrics> logger)
    {
        _scopes = scopes;
        _logger = logger;
        _interval = configuration.GetValue("Telemetry:SampleInterval", TimeSpan.FromSeconds(15));
        var meter = metrics.Meter;
        meter.CreateObservableGauge("ic.photos.review_queue", () => _last.ReviewQueue, "{photo}", "Photos waiting for a reviewer");
        meter.CreateObservableGauge("ic.messages.outbox", () => _last.Outbox, "{message}", "Student messages not yet sent (and not given up)");
        meter.CreateObservableGauge("ic.refunds", () => _last.Refunds.Select(r =>
            new Measurement<int>(r.Value, new KeyValuePair<string, object?>("status", StatusNames.Snake(r.Key.ToString())))), "{refund}", "Refunds by status");
        meter.CreateObservableGauge("ic.packages.running", () => _last.PackagesRunning, "{package}", "Package exports queued or running");
        meter.CreateObservableGauge("ic.packages.photos_left", () => _last.PackagePhotosLeft, "{photo}",
            "Photos the running package exports have still to write");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        do
        {
            try
            {
                _last = await SampleAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSampleFailed(e);
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<Sample> SampleAsync(CancellationToken ct)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var review = await db.Photos.CountAsync(p => p.Status == PhotoStatus.PendingReview, ct);
        var outbox = await db.StudentMessages.CountAsync(m => m.Attempts < StudentMessage.MaxAttempts, ct);
        var refunds = await db.Refunds.GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        foreach (var status in Enum.GetValues<RefundStatus>()) refunds.TryAdd(status, 0);
        var running = db.PackageJobs.Where(j => j.Status == BulkJobStatus.Queued || j.Status == BulkJobStatus.Running);
        var packages = await running.CountAsync(ct);
        var left = packages == 0 ? 0 : await running.SumAsync(j => j.Total - j.Done, ct);
        return new Sample(review, outbox, refunds, packages, left);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sampling the backlog metrics failed; the previous sample stays")]
    private partial void LogSampleFailed(Exception e);
}
