using System.Diagnostics.Metrics;

namespace ImageCollection.Core.Hosting;

/// <summary>
/// The business meter. Counters move where the thing happens (the API creates orders and applies notifications, the
/// worker checks photos and runs jobs); levels read from the database (review queue, outbox, refunds by status, package
/// progress) are observed by the worker's sampler (<c>BacklogMetrics</c>), so every replica reports the same figures.
/// In Prometheus the names take their unit and <c>_total</c>: <c>ic_orders_created_total</c>.
/// </summary>
public sealed class AppMetrics
{
    public const string MeterName = "ImageCollection";

    private readonly Counter<long> _ordersCreated;
    private readonly Counter<long> _notifications;
    private readonly Histogram<double> _photoChecks;
    private readonly Histogram<double> _jobs;

    public AppMetrics(IMeterFactory meters)
    {
        Meter = meters.Create(MeterName);
        _ordersCreated = Meter.CreateCounter<long>("ic.orders.created", "{order}", "Orders created, by payment channel");
        _notifications = Meter.CreateCounter<long>("ic.wechat.notifications", "{notification}",
            "WeChat Pay notifications by kind and outcome: applied (with the payment's result) or refused (with the reason)");
        _photoChecks = Meter.CreateHistogram<double>("ic.photos.check.duration", "s", "Automatic photo checks and how long each took, by verdict");
        _jobs = Meter.CreateHistogram<double>("ic.jobs.duration", "s", "Hangfire jobs performed, by job and outcome");
    }

    public Meter Meter { get; }

    /// <summary>channel: <c>jsapi</c> (mini-program) or <c>native</c> (station QR).</summary>
    public void OrderCreated(string channel) => _ordersCreated.Add(1, new KeyValuePair<string, object?>("channel", channel));

    /// <summary>kind: <c>payment</c> or <c>refund</c>; outcome: <c>applied</c>, <c>refused</c> or <c>failed</c> (WeChat retries).</summary>
    public void Notification(string kind, string outcome, string reason) => _notifications.Add(1,
        new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("outcome", outcome),
        new KeyValuePair<string, object?>("reason", reason));

    public void PhotoChecked(string verdict, TimeSpan took) =>
        _photoChecks.Record(took.TotalSeconds, new KeyValuePair<string, object?>("verdict", verdict));

    public void JobPerformed(string job, bool succeeded, TimeSpan took) => _jobs.Record(took.TotalSeconds,
        new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", succeeded ? "succeeded" : "failed"));
}
