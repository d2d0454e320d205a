namespace ImageCollection.Core.Jobs;

public interface IBulkRefundJobs
{
    /// <summary>
    /// Sends the refunds of a bulk refund at a throttled pace; pauses on NOT_ENOUGH; resumable without double refunds.
    /// One run at a time through a lease on the job's row (not Hangfire's DisableConcurrentExecution, whose lock a killed
    /// worker leaves behind for Hangfire.PostgreSql's DistributedLockTimeout, ten minutes).
    /// </summary>
    [Hangfire.AutomaticRetry(Attempts = 5)]
    Task RunAsync(Guid jobId, CancellationToken cancellationToken);

    /// <summary>Recurring: bulk refunds queued without a run, or running without a live lease (their worker died), run (again).</summary>
    Task SweepAsync(CancellationToken cancellationToken);
}
