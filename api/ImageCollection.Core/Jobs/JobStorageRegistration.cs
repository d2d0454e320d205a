using Hangfire;
using Hangfire.Common;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using ImageCollection.Core.Data;
using ImageCollection.Core.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ImageCollection.Core.Jobs;

/// <summary>Hangfire keeps its jobs in the same PostgreSQL (schema <c>hangfire</c>). The API only enqueues.</summary>
public static class JobStorageRegistration
{
    public const string SchemaName = "hangfire";

    public static IHostApplicationBuilder AddJobStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section)
            .Validate(o => o.InvisibilityTimeout > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero && o.CheckLease > TimeSpan.Zero,
                "Jobs:InvisibilityTimeout, Jobs:SweepInterval and Jobs:CheckLease must be positive time spans (hh:mm:ss).")
            .ValidateOnStart();
        // Our own JobStorage in DI (Hangfire's AddHangfire keeps it): the clients, the server and the dashboard take it
        // from DI, never from the process-wide JobStorage.Current, so two hosts in one process keep separate databases.
        builder.Services.AddSingleton<JobStorage>(sp => CreateStorage(sp.GetRequiredService<IConfiguration>()));
        // This host's filters beside Hangfire's global ones (which stay process-wide): the client side stores the trace,
        // the server side continues it. Hangfire's AddHangfire only adds a provider when none is registered.
        builder.Services.AddSingleton<JobTracing>();
        // JobTracing counts jobs: every host with job storage has the business meter, telemetry or not (tools, benchmarks).
        builder.Services.AddMetrics();
        builder.Services.TryAddSingleton<AppMetrics>();
        builder.Services.AddSingleton<IJobFilterProvider>(sp =>
            new JobFilterProviderCollection(JobFilterProviders.Providers, new JobFilterCollection { sp.GetRequiredService<JobTracing>() }));
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
            SchemaName = SchemaName,
            // The migrate command installs the schema (DatabaseSchema), once; hosts racing to install it on a fresh
            // database failed with "could not find tuple for constraint". They only check it (SchemaCheck).
            PrepareSchemaIfNecessary = false,
            InvisibilityTimeout = jobs.InvisibilityTimeout,
            // Without it a job still running after the timeout is fetched again and runs twice.
            UseSlidingInvisibilityTimeout = true,
            QueuePollInterval = jobs.QueuePollInterval,
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(DataRegistration.RequiredConnectionString(configuration), options), options);
    }
}
