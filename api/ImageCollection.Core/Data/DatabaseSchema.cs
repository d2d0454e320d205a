using Hangfire.PostgreSql;
using ImageCollection.Core.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ImageCollection.Core.Data;

/// <summary>
/// The one step that installs and upgrades the database: EF Core's migrations, then Hangfire's schema. The
/// <c>migrate</c> command runs it (infra/run.sh and production run it before the hosts start); the hosts only check it.
/// </summary>
public static class DatabaseSchema
{
    public static async Task MigrateAsync(AppDbContext db, CancellationToken ct = default)
    {
        // On an empty database EF reads the history table before creating it and logs the failure at error level
        // (dotnet/efcore#37328): create it first, so a first start logs no error.
        await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(ct);
        await db.Database.MigrateAsync(ct);
        await using var connection = new NpgsqlConnection(db.Database.GetConnectionString());
        await connection.OpenAsync(ct);
        // Takes its own advisory lock and upgrades in steps; harmless when already current.
        PostgreSqlObjectsInstaller.Install(connection, JobStorageRegistration.SchemaName);
    }

    /// <summary>What is missing for the hosts to run, in one sentence; null when the database is ready.</summary>
    public static async Task<string?> ProblemAsync(AppDbContext db, CancellationToken ct = default)
    {
        const string migrate = "run the migrate command first (ImageCollection.Api migrate).";
        // Asked of the catalogue, not by reading the table (which logs an error where it is missing).
        if (!await TableExistsAsync(db, DataRegistration.MigrationsHistoryTable, ct)) return $"The database has no schema yet: {migrate}";
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0) return $"The database lacks {pending.Count} migration(s), the last {pending[^1]}: {migrate}";
        return await TableExistsAsync(db, $"{JobStorageRegistration.SchemaName}.job", ct) ? null : $"The database has no Hangfire schema: {migrate}";
    }

    private static async Task<bool> TableExistsAsync(AppDbContext db, string table, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "select to_regclass(@table) is not null";
            var parameter = command.CreateParameter();
            parameter.ParameterName = "table";
            parameter.Value = table;
            command.Parameters.Add(parameter);
            return await command.ExecuteScalarAsync(ct) is true;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>Stops a host at start, with one sentence, when the database is not migrated (instead of failing on the first query).</summary>
public sealed class SchemaCheck(IServiceProvider services, ILogger<SchemaCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        if (await DatabaseSchema.ProblemAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), cancellationToken) is { } problem)
        {
            logger.LogCritical("{Problem}", problem);
            throw new Hosting.ConfigurationException(problem);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
