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

    public static IHostApplicationBuilder AddJobServer(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHangfireServer((sp, o) =>
        {
            o.Queues = Queues;
            o.WorkerCount = builder.Configuration.GetValue("Jobs:WorkerCount", Math.Max(4, Environment.ProcessorCount * 2));
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
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

/// <summary>Registers the recurring jobs at start-up (Hangfire keeps one of each, whatever the number of workers).</summary>
public sealed class RecurringJobs(IRecurringJobManager recurring, IOptions<JobsOptions> jobs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var sweep = Cron(jobs.Value.SweepInterval);
        recurring.AddOrUpdate<IOrderJobs>("orders.sweep-unpaid", j => j.SweepUnpaidAsync(CancellationToken.None), sweep);
        recurring.AddOrUpdate<IRefundJobs>("refunds.sweep", j => j.SweepAsync(CancellationToken.None), sweep);
        recurring.AddOrUpdate<IPhotoJobs>("photos.sweep", j => j.SweepAsync(CancellationToken.None), sweep);
        recurring.AddOrUpdate<IPackageJobs>("packages.sweep", j => j.SweepAsync(CancellationToken.None), sweep);
        recurring.AddOrUpdate<IPackageJobs>("delivery.proof-reminders", j => j.ProofRemindersAsync(CancellationToken.None), sweep);
        recurring.AddOrUpdate<IPhotoJobs>("photos.retention", j => j.RetentionAsync(CancellationToken.None), "15 3 * * *",
            new RecurringJobOptions { TimeZone = ChinaTime.Zone });
        // Bills of day T exist from about 10:00 on T+1 (China time).
        recurring.AddOrUpdate<IReconciliationJobs>("payments.reconcile", j => j.RunYesterdayAsync(CancellationToken.None), "30 10 * * *",
            new RecurringJobOptions { TimeZone = ChinaTime.Zone });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A cron for an interval: seconds below a minute (six-part cron), else minutes.</summary>
    public static string Cron(TimeSpan interval) => interval < TimeSpan.FromMinutes(1)
        ? $"*/{Math.Max(1, (int)interval.TotalSeconds)} * * * * *"
        : $"*/{Math.Clamp((int)interval.TotalMinutes, 1, 59)} * * * *";
}
