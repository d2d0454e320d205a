namespace ImageCollection.Core.Jobs;

/// <summary>Photo jobs the worker runs; each re-reads the photo first, so running twice is harmless.</summary>
public interface IPhotoJobs
{
    /// <summary>Loads the original, runs the checker, stores the derivative and the report, moves the photo on.</summary>
    /// <remarks>A few retries only: the job itself gives up after <c>Photos:MaxCheckAttempts</c> starts.</remarks>
    [Hangfire.Queue("photos")]
    [Hangfire.AutomaticRetry(Attempts = 3)]
    Task CheckAsync(Guid photoId, CancellationToken cancellationToken);

    /// <summary>Recurring: photos left in uploaded, or in checking past the lease, are checked (again).</summary>
    Task SweepAsync(CancellationToken cancellationToken);

    /// <summary>Recurring daily: deletes the objects and personal data that can no longer be used.</summary>
    Task RetentionAsync(CancellationToken cancellationToken);
}
