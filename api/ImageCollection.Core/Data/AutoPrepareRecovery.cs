using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace ImageCollection.Core.Data;

/// <summary>
/// Works around a defect of Npgsql 10.0.3's automatic preparation (npgsql/npgsql#6391, open): when the execution that
/// makes a statement prepared (its <c>AutoPrepareMinUsages</c>-th use) fails in PostgreSQL — a unique violation, a
/// value too long, a NUL byte — Npgsql still records the statement as prepared, without the row description it never
/// received, and the statement's next use on that connection fails with "Received unexpected backend message
/// DataRow" (README, Security: the reproduction). A connection that saw a PostgreSQL error therefore forgets its
/// prepared statements before it goes back to the pool (<c>DEALLOCATE ALL</c>; only after failures, which are rare).
/// </summary>
public sealed class AutoPrepareRecovery : DbCommandInterceptor, IDbConnectionInterceptor
{
    public static readonly AutoPrepareRecovery Instance = new();
    private static readonly ConditionalWeakTable<DbConnection, object> Failed = new();
    private static readonly object Mark = new();

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Note(command, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Note(command, eventData.Exception);
        return Task.CompletedTask;
    }

    public InterceptionResult ConnectionClosing(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Reset(connection);
        return result;
    }

    public ValueTask<InterceptionResult> ConnectionClosingAsync(DbConnection connection, ConnectionEventData eventData, InterceptionResult result)
    {
        Reset(connection);
        return ValueTask.FromResult(result);
    }

    private static void Note(DbCommand command, Exception exception)
    {
        if (exception is PostgresException && command.Connection is { } connection) Failed.AddOrUpdate(connection, Mark);
    }

    private static void Reset(DbConnection connection)
    {
        if (!Failed.Remove(connection) || connection is not NpgsqlConnection { State: System.Data.ConnectionState.Open } npgsql) return;
        try
        {
            npgsql.UnprepareAll();
        }
        catch (NpgsqlException)
        {
            // A broken connection is not returned to the pool anyway.
        }
    }
}
