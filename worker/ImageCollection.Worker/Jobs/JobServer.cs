using Hangfire;
using ImageCollection.Core.Jobs;

namespace ImageCollection.Worker.Jobs;

/// <summary>The Hangfire server: this host runs every job the API enqueues.</summary>
public static class JobServer
{
    public static readonly string[] Queues = ["critical", "default", "photos", "bulk"];

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
        return builder;
    }
}
