using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageCollection.Core.Data;

public static class DataRegistration
{
    public const string ConnectionName = "Postgres";

    public static IHostApplicationBuilder AddAppData(this IHostApplicationBuilder builder)
    {
        // Read when the first context is made, so hosts and test factories can set it late.
        // Pooled: a request reuses a reset context instead of building one and its options (the same for all).
        builder.Services.AddDbContextPool<AppDbContext>((sp, o) => Configure(o, RequiredConnectionString(sp.GetRequiredService<IConfiguration>())));
        return builder;
    }

    public static string RequiredConnectionString(IConfiguration configuration) =>
        configuration.GetConnectionString(ConnectionName) is { Length: > 0 } cs
            ? cs
            : throw new InvalidOperationException(
                "ConnectionStrings:Postgres is required (e.g. Host=127.0.0.1;Port=5432;Username=…;Database=imagecollection). " +
                "infra/run.sh sets it for local runs.");

    public static void Configure(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention();
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
