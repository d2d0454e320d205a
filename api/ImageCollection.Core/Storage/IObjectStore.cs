namespace ImageCollection.Core.Storage;

public sealed record StoredObject(string Key, long Size, string ContentType, string? ETag);

/// <summary>The object store is unreachable or failing: callers answer 503, and nothing is recorded.</summary>
public sealed class ObjectStoreUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Originals and derivatives in S3 (MinIO). Keys are ours; the database keeps keys, sizes and hashes.</summary>
public interface IObjectStore
{
    /// <summary>Streams <paramref name="content"/> (exactly <paramref name="length"/> bytes) without holding it in memory.</summary>
    Task<StoredObject> PutAsync(string key, Stream content, long length, string contentType, CancellationToken cancellationToken);

    /// <summary>Copies the object into <paramref name="destination"/>.</summary>
    Task GetAsync(string key, Stream destination, CancellationToken cancellationToken);

    /// <summary>Null when the object does not exist.</summary>
    Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken);

    /// <summary>Deleting a missing object is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>A URL for <c>Storage:PublicEndpoint</c> that lets its holder read the object until it expires.</summary>
    Task<Uri> PresignedGetAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken);

    Task EnsureBucketAsync(CancellationToken cancellationToken);

    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}
