namespace ImageCollection.Core.Jobs;

/// <summary>Order jobs the worker runs: each re-reads state first, so running twice is harmless.</summary>
public interface IOrderJobs
{
    /// <summary>At an order's expiry: query WeChat first (a late payment is applied), then close it.</summary>
    Task ExpireAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Recurring: query orders unpaid for a while; close those past expiry.</summary>
    Task SweepUnpaidAsync(CancellationToken cancellationToken);
}

public interface IRefundJobs
{
    /// <summary>Sends one refund to WeChat (again, with the same out_refund_no) and applies the answer.</summary>
    Task SubmitAsync(Guid refundId, CancellationToken cancellationToken);

    /// <summary>Recurring: sends refunds not yet accepted and queries those processing or abnormal.</summary>
    Task SweepAsync(CancellationToken cancellationToken);
}

public interface IBulkRefundJobs
{
    /// <summary>Sends the refunds of a bulk refund at a throttled pace; pauses on NOT_ENOUGH; resumable without double refunds.</summary>
    [Hangfire.DisableConcurrentExecution(timeoutInSeconds: 60)]
    [Hangfire.AutomaticRetry(Attempts = 5)]
    Task RunAsync(Guid jobId, CancellationToken cancellationToken);
}

public interface IReconciliationJobs
{
    /// <summary>Recurring daily: yesterday's trade bill against our orders.</summary>
    Task RunYesterdayAsync(CancellationToken cancellationToken);

    Task RunAsync(DateOnly billDate, CancellationToken cancellationToken);
}
