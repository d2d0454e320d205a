using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using ImageCollection.Core.Data;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageCollection.Core.Jobs;

/// <summary>Hangfire keeps its jobs in the same PostgreSQL (schema <c>hangfire</c>). The API only enqueues.</summary>
public static class JobStorageRegistration
{
    public static IHostApplicationBuilder AddJobStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section)
            .Validate(o => o.InvisibilityTimeout > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero && o.CheckLease > TimeSpan.Zero,
                "Jobs:InvisibilityTimeout, Jobs:SweepInterval and Jobs:CheckLease must be positive time spans (hh:mm:ss).")
            .ValidateOnStart();
        // Our own JobStorage in DI (Hangfire's AddHangfire keeps it): the clients, the server and the dashboard take it
        // from DI, never from the process-wide JobStorage.Current, so two hosts in one process keep separate databases.
        builder.Services.AddSingleton<JobStorage>(sp => CreateStorage(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogging(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>())));
        return builder;
    }

    private static PostgreSqlStorage CreateStorage(IConfiguration configuration)
    {
        var jobs = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            InvisibilityTimeout = jobs.InvisibilityTimeout,
            // Without it a job still running after the timeout is fetched again and runs twice.
            UseSlidingInvisibilityTimeout = true,
            QueuePollInterval = jobs.QueuePollInterval,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(DataRegistration.RequiredConnectionString(configuration), options), options);
    }
}
