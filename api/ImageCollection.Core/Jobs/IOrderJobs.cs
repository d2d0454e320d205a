namespace ImageCollection.Core.Jobs;

/// <summary>Order jobs the worker runs: each re-reads state first, so running twice is harmless.</summary>
public interface IOrderJobs
{
    /// <summary>At an order's expiry: query WeChat first (a late payment is applied), then close it.</summary>
    Task ExpireAsync(Guid orderId, CancellationToken cancellationToken);

    /// <summary>Recurring: query orders unpaid for a while; close those past expiry.</summary>
    Task SweepUnpaidAsync(CancellationToken cancellationToken);
}
