namespace ImageCollection.Core.Domain;

/// <summary>What kind of refusal a domain rule made; the API maps it to an HTTP status.</summary>
public enum DomainErrorKind
{
    Invalid,
    NotFound,
    Conflict,
    Forbidden,
    Unprocessable,
    Unavailable,
    TooManyRequests,
    Unauthorized,
    TooLarge,
    UnsupportedMediaType,
}

/// <summary>A domain rule refused an operation. <see cref="Code"/> is stable (clients switch on it).</summary>
public class DomainException(DomainErrorKind kind, string code, string message, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(message)
{
    public DomainErrorKind Kind { get; } = kind;
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    public static DomainException NotFound(string code, string message) => new(DomainErrorKind.NotFound, code, message);
    public static DomainException Conflict(string code, string message) => new(DomainErrorKind.Conflict, code, message);
}

/// <summary>Refused for now: the client may try again after <see cref="RetryAfter"/> (sent as <c>Retry-After</c>).</summary>
public sealed class TooManyRequestsException(string code, string message, TimeSpan retryAfter)
    : DomainException(DomainErrorKind.TooManyRequests, code, message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>Field errors of a request, returned as a validation problem naming each field.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException(DomainErrorKind.Invalid, "validation.failed", "One or more fields are invalid.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static RequestValidationException For(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] });
}
