namespace ImageCollection.Core.Jobs;

public interface IBulkRefundJobs
{
    /// <summary>Sends the refunds of a bulk refund at a throttled pace; pauses on NOT_ENOUGH; resumable without double refunds.</summary>
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 60)]
    [Hangfire.AutomaticRetry(Attempts = 5)]
    Task RunAsync(Guid jobId, CancellationToken cancellationToken);
}
