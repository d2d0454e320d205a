using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Npgsql;

namespace ImageCollection.Core.Hosting;

/// <summary>
/// How an operator command (migrate, create-admin, check-photo) tells why it stopped: one line and an exit code, never
/// a stack trace. Configuration that is missing or malformed is refused (2); a service that does not answer fails (1).
/// </summary>
public static class OperatorCommand
{
    public sealed record Failure(string Message, int ExitCode);

    public const int Refused = 2;
    public const int Failed = 1;

    /// <summary>
    /// The line for an exception an operator can act on, looking through wrappers (EF's execution strategy wraps a
    /// refused connection); null for a defect, which keeps its stack trace.
    /// </summary>
    public static Failure? Explain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
            if (ExplainOne(x) is { } failure) return failure;
        return null;
    }

    private static Failure? ExplainOne(Exception e) => e switch
    {
        ConfigurationException c => new(c.Message, Refused),
        OptionsValidationException v => new(string.Join(" ", v.Failures), Refused),
        PostgresException p => new($"PostgreSQL refused: {p.MessageText} ({p.SqlState}).", Failed),
        NpgsqlException { InnerException: SocketException s } =>
            new($"PostgreSQL does not answer ({s.SocketErrorCode}): check ConnectionStrings:Postgres.", Failed),
        NpgsqlException { InnerException: TimeoutException } => new("PostgreSQL did not answer in time: check ConnectionStrings:Postgres.", Failed),
        NpgsqlException n => new($"PostgreSQL: {n.Message}", Failed),
        _ => null,
    };
}

/// <summary>A setting is missing or malformed, or the database is not ready for this version: the message says which and what to do.</summary>
public sealed class ConfigurationException(string message) : InvalidOperationException(message);
