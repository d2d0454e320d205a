using ImageCollection.Core.Domain;
using ImageCollection.Core.Storage;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ImageCollection.Api.Infrastructure;

/// <summary>Exceptions to problem responses in one place. No stack trace ever reaches a client.</summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var problem = Map(exception);
        if (problem.Status >= 500)
            logger.LogError(exception, "Request failed with {Status}", problem.Status);
        else
            logger.LogInformation("Request refused with {Status} {Code}", problem.Status, problem.Extensions["code"]);
        context.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception });
    }

    private static ProblemDetails Map(Exception exception) => exception switch
    {
        RequestValidationException v => new HttpValidationProblemDetails(v.Errors.ToDictionary(e => e.Key, e => e.Value))
        {
            Status = 400, Title = "One or more fields are invalid.", Extensions = { ["code"] = v.Code },
        },
        DomainException d => WithExtensions(Problem(StatusOf(d.Kind), d.Code, d.Message), d.Extensions),
        BadHttpRequestException b => Problem(b.StatusCode, ProblemResponses.DefaultCode(b.StatusCode), BadRequestMessage(b)),
        DbUpdateConcurrencyException => Problem(409, "concurrency.conflict", "The record was changed by someone else; read it again and retry."),
        DbUpdateException { InnerException: PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } } =>
            Problem(409, "conflict.duplicate", "The same change was just made by another request."),
        ObjectStoreUnavailableException => Problem(503, "storage.unavailable", "Photo storage is unavailable; try again shortly."),
        NpgsqlException or TimeoutException => Problem(503, "database.unavailable", "The database is unavailable; try again shortly."),
        OperationCanceledException => Problem(503, "request.cancelled", "The request was cancelled."),
        _ => Problem(500, "internal", "An unexpected error occurred."),
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
