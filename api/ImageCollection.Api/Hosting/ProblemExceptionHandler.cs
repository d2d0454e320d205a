using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ImageCollection.Api.Hosting;

/// <summary>Exceptions to problem responses in one place. No stack trace ever reaches a client.</summary>
public sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
        if (problem.Status >= 500 && problem.Status != 503)
            logger.LogError(exception, "Request failed with {Status}", problem.Status);
        else if (problem.Status == 503)
            logger.LogWarning("Request answered {Status} {Code}: {Error}", problem.Status, problem.Extensions["code"], exception.GetType().Name);
        else
            logger.LogInformation("Request refused with {Status} {Code}", problem.Status, problem.Extensions["code"]);
        context.Response.StatusCode = problem.Status!.Value;
        if (exception is TooManyRequestsException t)
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(t.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Map(Exception exception) => exception switch
    {
        RequestValidationException v => Validation(v.Code, v.Errors),
        DomainException d => WithExtensions(Problem(StatusOf(d.Kind), d.Code, d.Message), d.Extensions),
        BadHttpRequestException { InnerException: JsonException { InnerException: not null } } =>
            Problem(400, "request.invalid", "The body is not valid JSON."),
        BadHttpRequestException { InnerException: JsonException j } => Validation("validation.failed", FieldErrors(j)),
        BadHttpRequestException b => Problem(b.StatusCode, ProblemResponses.DefaultCode(b.StatusCode), BadRequestMessage(b)),
        DbUpdateConcurrencyException => Problem(409, "concurrency.conflict", "The record was changed by someone else; read it again and retry."),
        DbUpdateException { InnerException: PostgresException p } => Database(p),
        PostgresException p => Database(p),
        ObjectStoreUnavailableException => Problem(503, "storage.unavailable", "Photo storage is unavailable; try again shortly."),
        NpgsqlException or TimeoutException => Problem(503, "database.unavailable", "The database is unavailable; try again shortly."),
        OperationCanceledException => Problem(503, "request.cancelled", "The request was cancelled."),
        _ => Problem(500, "internal", "An unexpected error occurred."),
    };

    /// <summary>
    /// What PostgreSQL refused, by its error class: a value it cannot take is the request's fault (400), a rule of the
    /// schema is a conflict (409), and only a database that cannot answer is an outage (503).
    /// </summary>
    private static ProblemDetails Database(PostgresException p) => p.SqlState switch
    {
        PostgresErrorCodes.UniqueViolation => Problem(409, "conflict.duplicate", "The same change was just made by another request."),
        PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.LockNotAvailable =>
            Problem(409, "concurrency.conflict", "Another change got in the way; try again."),
        { } s when s.StartsWith("22", StringComparison.Ordinal) => Problem(400, "request.invalid_value", "A value in the request cannot be stored."),
        { } s when s.StartsWith("23", StringComparison.Ordinal) => Problem(409, "conflict", "The change conflicts with the stored records."),
        { } s when s.StartsWith("08", StringComparison.Ordinal) || s.StartsWith("53", StringComparison.Ordinal)
                   || s.StartsWith("57P", StringComparison.Ordinal) =>
            Problem(503, "database.unavailable", "The database is unavailable; try again shortly."),
        _ => Problem(500, "internal", "An unexpected error occurred."),
    };

    /// <summary>
    /// System.Text.Json's refusal as field errors: the path of a wrong value (<c>$.terms.payer</c> → <c>terms.payer</c>),
    /// or the names of missing required properties. Its own message names .NET types, so it is not passed on.
    /// </summary>
    private static IReadOnlyDictionary<string, string[]> FieldErrors(JsonException j)
    {
        var missing = MissingProperties().Match(j.Message);
        if (missing.Success)
        {
            var prefix = FieldOf(j.Path);
            return Quoted().Matches(missing.Groups[1].Value).Select(m => prefix.Length == 0
                || prefix == "body" ? m.Groups[1].Value : $"{prefix}.{m.Groups[1].Value}")
                .Distinct().ToDictionary(f => f, _ => new[] { "This field is required." });
        }
        var field = FieldOf(j.Path);
        var message = j.Message.Contains("non-nullable", StringComparison.OrdinalIgnoreCase)
            ? "This field must not be null."
            : "This value has the wrong type or is not one of the allowed values.";
        return new Dictionary<string, string[]> { [field] = [message] };
    }

    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return "body";
        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    [GeneratedRegex("missing required properties including: (.*)$", RegexOptions.Singleline)]
    private static partial Regex MissingProperties();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex Quoted();

    private static ProblemDetails Validation(string code, IReadOnlyDictionary<string, string[]> errors) =>
        new HttpValidationProblemDetails(errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = 400, Title = "One or more fields are invalid.", Extensions = { ["code"] = code },
        };

    private static int StatusOf(DomainErrorKind kind) => kind switch
    {
        DomainErrorKind.Invalid => 400,
        DomainErrorKind.Unauthorized => 401,
        DomainErrorKind.Forbidden => 403,
        DomainErrorKind.NotFound => 404,
        DomainErrorKind.Conflict => 409,
        DomainErrorKind.Unprocessable => 422,
        DomainErrorKind.TooManyRequests => 429,
        DomainErrorKind.Unavailable => 503,
        DomainErrorKind.TooLarge => 413,
        DomainErrorKind.UnsupportedMediaType => 415,
        _ => 400,
    };

    // Kestrel's messages for bad requests name the limit or the parameter, nothing internal.
    private static string BadRequestMessage(BadHttpRequestException b) => b.StatusCode switch
    {
        413 => "The request body is too large.",
        415 => "The request's content type is not supported here.",
        _ => b.Message,
    };

    private static ProblemDetails Problem(int status, string code, string detail) => new()
    {
        Status = status,
        Title = Titles.TryGetValue(status, out var title) ? title : "Error",
        Detail = detail,
        Extensions = { ["code"] = code },
    };

    private static ProblemDetails WithExtensions(ProblemDetails p, IReadOnlyDictionary<string, object?> extensions)
    {
        foreach (var (k, v) in extensions) p.Extensions[k] = v;
        return p;
    }

    private static readonly Dictionary<int, string> Titles = new()
    {
        [400] = "Bad Request", [401] = "Unauthorized", [403] = "Forbidden", [404] = "Not Found", [409] = "Conflict",
        [413] = "Content Too Large", [415] = "Unsupported Media Type", [422] = "Unprocessable Content",
        [429] = "Too Many Requests", [500] = "Internal Server Error", [503] = "Service Unavailable",
    };
}
