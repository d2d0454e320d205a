using Hangfire;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Worker.Delivery;
using ImageCollection.Worker.Messaging;
using ImageCollection.Worker.Orders;
using ImageCollection.Worker.PaymentExceptions;
using ImageCollection.Worker.Platform;
using ImageCollection.Worker.Refunds;
using ImageCollection.Worker.Retention;
using Microsoft.Extensions.Options;

namespace ImageCollection.Worker.Jobs;

/// <summary>The Hangfire server: this host runs every job the API enqueues, and owns the recurring ones.</summary>
public static class JobServer
{
    /// <summary>Money jobs first: a burst of photo checks (their own queue) never holds up refunds and order closing.</summary>
    public static readonly string[] Queues = ["default", "photos"];

    /// <summary>This process's server name (Hangfire adds an id); the health check finds its own server by it.</summary>
    public static readonly string ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";

    public static IHostApplicationBuilder AddJobServer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHangfireServer((sp, o) =>
        {
            o.Queues = Queues;
            o.WorkerCount = builder.Configuration.GetValue("Jobs:WorkerCount", Math.Max(4, Environment.ProcessorCount * 2));
            o.ServerName = ServerName;
            o.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        builder.Services.AddScoped<IStorageCheckJob, StorageCheckJob>();
        builder.Services.AddScoped<IOrderJobs, OrderJobs>();
        builder.Services.AddScoped<IRefundJobs, RefundJobs>();
        builder.Services.AddScoped<IBulkRefundJobs, BulkRefundJobs>();
        builder.Services.AddScoped<IReconciliationJobs, ReconciliationJobs>();
        builder.Services.AddHostedService<StudentMessageSender>();
        builder.Services.AddScoped<IPhotoJobs, Photos.PhotoJobs>();
        builder.Services.AddScoped<Photos.PhotoCheckJob>();
        builder.AddRetention();
        builder.AddDeliveryJobs();
        builder.Services.AddHostedService<RecurringJobs>();
        return builder;
    }
}

/// <summary>
/// Registers the recurring jobs (Hangfire keeps one of each, whatever the number of workers). Registering takes the job's
/// distributed lock; a worker killed while its scheduler held one leaves the lock row behind until
/// <c>DistributedLockTimeout</c> passes, so a job whose lock cannot be had is retried in the background instead of failing
/// the start: the worker runs every queued job meanwhile, and the stale registration stays in force until then.
/// </summary>
public sealed partial class RecurringJobs(IRecurringJobManager recurring, IOptions<JobsOptions> jobs, ILogger<RecurringJobs> logger)
    : BackgroundService
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var pending = Registrations().ToList();
        while (!stoppingToken.IsCancellationRequested)
        {
            pending.RemoveAll(Register);
            if (pending.Count == 0) { LogRegistered(); return; }
            await Task.Delay(RetryAfter, stoppingToken);
        }
    }

    private bool Register((string Id, Action<IRecurringJobManager> Add) registration)
    {
        try
        {
            registration.Add(recurring);
            return true;
        }
        catch (Hangfire.PostgreSql.PostgreSqlDistributedLockException)
        {
            LogLocked(registration.Id, RetryAfter.TotalSeconds);
            return false;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            LogUnreachable(e, registration.Id, RetryAfter.TotalSeconds);
            return false;
        }
    }

    private IEnumerable<(string Id, Action<IRecurringJobManager> Add)> Registrations()
    {
        var sweep = Cron(jobs.Value.SweepInterval);
        var china = new RecurringJobOptions { TimeZone = ChinaTime.Zone };
        yield return ("orders.sweep-unpaid", r => r.AddOrUpdate<IOrderJobs>("orders.sweep-unpaid", j => j.SweepUnpaidAsync(CancellationToken.None), sweep));
        yield return ("refunds.sweep", r => r.AddOrUpdate<IRefundJobs>("refunds.sweep", j => j.SweepAsync(CancellationToken.None), sweep));
        yield return ("bulk-refunds.sweep", r => r.AddOrUpdate<IBulkRefundJobs>("bulk-refunds.sweep", j => j.SweepAsync(CancellationToken.None), sweep));
        yield return ("photos.sweep", r => r.AddOrUpdate<IPhotoJobs>("photos.sweep", j => j.SweepAsync(CancellationToken.None), sweep));
        yield return ("packages.sweep", r => r.AddOrUpdate<IPackageJobs>("packages.sweep", j => j.SweepAsync(CancellationToken.None), sweep));
        yield return ("delivery.proof-reminders",
            r => r.AddOrUpdate<IPackageJobs>("delivery.proof-reminders", j => j.ProofRemindersAsync(CancellationToken.None), sweep));
        yield return ("photos.retention",
            r => r.AddOrUpdate<IPhotoJobs>("photos.retention", j => j.RetentionAsync(CancellationToken.None), "15 3 * * *", china));
        // Bills of day T exist from about 10:00 on T+1 (China time).
        yield return ("payments.reconcile",
            r => r.AddOrUpdate<IReconciliationJobs>("payments.reconcile", j => j.RunYesterdayAsync(CancellationToken.None), "30 10 * * *", china));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Recurring jobs registered")]
    private partial void LogRegistered();

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "Recurring job {JobId} is locked (a stale lock of a stopped worker expires by itself); trying again in {Seconds} s")]
    private partial void LogLocked(string jobId, double seconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Recurring job {JobId} could not be registered; trying again in {Seconds} s")]
    private partial void LogUnreachable(Exception e, string jobId, double seconds);

    /// <summary>A cron for an interval: seconds below a minute (six-part cron), else minutes.</summary>
    public static string Cron(TimeSpan interval) => interval < TimeSpan.FromMinutes(1)
        ? $"*/{Math.Max(1, (int)interval.TotalSeconds)} * * * * *"
        : $"*/{Math.Clamp((int)interval.TotalMinutes, 1, 59)} * * * *";
}
