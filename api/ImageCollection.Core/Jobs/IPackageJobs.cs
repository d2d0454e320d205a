namespace ImageCollection.Core.Jobs;

/// <summary>Packages (CHSI and school zips) and CHSI follow-ups the worker runs.</summary>
public interface IPackageJobs
{
    /// <summary>Builds a package into S3 (again from the start after a worker died: the old upload is aborted).</summary>
    [Hangfire.AutomaticRetry(Attempts = 2)]
    Task BuildAsync(Guid packageId, CancellationToken cancellationToken);

    /// <summary>Recurring: packages queued without a build, or running without progress past the lease, are built (again).</summary>
    Task SweepAsync(CancellationToken cancellationToken);

    /// <summary>Recurring: the 校对 reminder to students whose photo was delivered <c>Delivery:ProofReminderDays</c> ago.</summary>
    Task ProofRemindersAsync(CancellationToken cancellationToken);
}
