using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ImageCollection.Api.Tests.Security;

/// <summary>
/// The "Received unexpected backend message DataRow" the probes saw after failing inserts: a defect of Npgsql's
/// automatic preparation (npgsql/npgsql#6391), reproduced here on a single pooled connection, and the workaround the
/// application's connections carry (<see cref="AutoPrepareRecovery"/>).
/// </summary>
public sealed class AutoPrepareTests
{
    /// <summary>The statement is prepared by its second use here (it is the fifth by default): that use fails in PostgreSQL.</summary>
    private static async Task<string> ConnectionStringAsync()
    {
        var database = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("prep");
        return new NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 1, MaxAutoPrepare = 64, AutoPrepareMinUsages = 2 }.ConnectionString;
    }

    private static async Task InsertAsync(NpgsqlConnection connection, string value)
    {
        await using var tx = await connection.BeginTransactionAsync();
        await using var insert = new NpgsqlCommand("insert into t (v) values ($1) returning id", connection, tx);
        insert.Parameters.AddWithValue(value);
        await insert.ExecuteScalarAsync();
        await tx.CommitAsync();
    }

    [Fact]
    public async Task Npgsql_itself_breaks_a_statement_whose_preparing_execution_failed()
    {
        var cs = await ConnectionStringAsync();
        await using (var setup = new NpgsqlConnection(cs))
        {
            await setup.OpenAsync();
            await new NpgsqlCommand("create table t (id serial primary key, v varchar(4) not null)", setup).ExecuteNonQueryAsync();
        }
        async Task Use(string value)
        {
            await using var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync();
            await InsertAsync(connection, value);
        }
        await Use("ok");
        await Assert.ThrowsAsync<PostgresException>(() => Use("a\0b")); // 22021, on the use that prepares the statement
        // The next good insert on that connection: if this stops failing, Npgsql is fixed and AutoPrepareRecovery can go.
        var broken = await Assert.ThrowsAnyAsync<Exception>(() => Use("ok"));
        Assert.Contains("unexpected backend message", broken.Message);
    }

    [Fact]
    public async Task The_application_context_recovers_after_a_failed_insert_on_the_same_connection()
    {
        var cs = await ConnectionStringAsync();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DataRegistration.Configure(options, cs);
        await using (var db = new AppDbContext(options.Options)) await db.Database.MigrateAsync();

        for (var i = 0; i < 12; i++)
        {
            await using var db = new AppDbContext(options.Options);
            await using var tx = await db.Database.BeginTransactionAsync();
            var name = i % 4 == 1 ? "名\0称" : "示例大学" + i;
            db.Schools.Add(new School(name, (20000 + i).ToString(), "19", "普通高校", DateTimeOffset.UtcNow));
            if (i % 4 == 1)
            {
                await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
                continue;
            }
            await db.SaveChangesAsync(); // fails with "unexpected backend message DataRow" without the recovery
            await tx.CommitAsync();
        }
        await using (var db = new AppDbContext(options.Options)) Assert.Equal(9, await db.Schools.CountAsync());
    }
}
