using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace ImageCollection.Core.Data;

public static class DataRegistration
{
    public const string ConnectionName = "Postgres";
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public static IHostApplicationBuilder AddAppData(this IHostApplicationBuilder builder)
    {
        // Read when the first context is made, so hosts and test factories can set it late.
        // Pooled: a request reuses a reset context instead of building one and its options (the same for all).
        builder.Services.AddDbContextPool<AppDbContext>((sp, o) => Configure(o, RequiredConnectionString(sp.GetRequiredService<IConfiguration>())));
        // First of the hosted services: nothing else starts on a database that is not migrated.
        builder.Services.AddHostedService<SchemaCheck>();
        return builder;
    }

    public static string RequiredConnectionString(IConfiguration configuration)
    {
        if (configuration.GetConnectionString(ConnectionName) is not { Length: > 0 } cs)
            throw new Hosting.ConfigurationException(
                "ConnectionStrings:Postgres is required (e.g. Host=127.0.0.1;Port=5432;Username=…;Database=imagecollection). " +
                "infra/run.sh sets it for local runs.");
        try
        {
            _ = new NpgsqlConnectionStringBuilder(cs);
        }
        catch (ArgumentException e)
        {
            // The message names the position, never the value (it may hold a password).
            throw new Hosting.ConfigurationException($"ConnectionStrings:Postgres is malformed: {e.Message}");
        }
        return cs;
    }

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(Tuned(connectionString), npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            .AddInterceptors(AutoPrepareRecovery.Instance)
            // The two optional dependents sharing their owner's table (Batch.Notice, SchoolPayment.Group) mean "none"
            // exactly when all their columns are null, which is what EF reads back: the warning at every start says so.
            .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.OptionalDependentWithoutIdentifyingPropertyWarning));

    /// <summary>
    /// Defaults for the application's connections where the connection string does not set them. Every hot statement
    /// is one of a few dozen shapes: prepared once per connection (<c>Max Auto Prepare</c>), PostgreSQL neither parses
    /// nor plans them again (README, Performance). Nothing here keeps session state (advisory locks are
    /// transaction-scoped, no SET; the staff-account listener has a connection of its own, outside the pool), so a pooled
    /// connection needs no <c>DISCARD ALL</c> when reused (<c>No Reset On Close</c>; the reset would also drop the
    /// prepared statements). A connection that saw an error forgets its prepared statements (<see cref="AutoPrepareRecovery"/>).
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        var tuned = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare")) tuned.MaxAutoPrepare = 64;
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose")) tuned.NoResetOnClose = true;
        return tuned.ConnectionString;
    }
}

/// <summary>For <c>dotnet ef migrations add</c>: no database is contacted.</summary>
internal sealed class AppDbContextDesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DataRegistration.Configure(options, "Host=127.0.0.1;Database=design_time");
        return new AppDbContext(options.Options);
    }
}
