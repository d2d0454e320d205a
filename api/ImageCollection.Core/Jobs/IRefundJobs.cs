namespace ImageCollection.Core.Jobs;

public interface IRefundJobs
{
    /// <summary>Sends one refund to WeChat (again, with the same out_refund_no) and applies the answer.</summary>
    Task SubmitAsync(Guid refundId, CancellationToken cancellationToken);

    /// <summary>Recurring: sends refunds not yet accepted and queries those processing or abnormal.</summary>
    Task SweepAsync(CancellationToken cancellationToken);
}
