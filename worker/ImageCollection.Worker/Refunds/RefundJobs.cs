using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Refunds;
using ImageCollection.Core.WechatPay;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Worker.Refunds;

public sealed class RefundJobs(AppDbContext db, RefundSubmitter submitter, RefundApplier applier, WechatPayClient wechat, TimeProvider clock,
    ILogger<RefundJobs> logger) : IRefundJobs
{
    public async Task SubmitAsync(Guid refundId, CancellationToken cancellationToken) => await submitter.SubmitAsync(refundId, cancellationToken);

    /// <summary>Refunds not yet accepted are sent again (same out_refund_no); processing and abnormal ones are queried.</summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var quietSince = clock.GetUtcNow().AddSeconds(-30);
        var open = await db.Refunds.AsNoTracking()
            .Where(r => r.UpdatedAt < quietSince && (r.Status == RefundStatus.Processing || r.Status == RefundStatus.Abnormal
                                                     || (r.Status == RefundStatus.Requested && r.BulkJobId == null)))
            .OrderBy(r => r.UpdatedAt).Take(500).ToListAsync(cancellationToken);
        foreach (var refund in open)
        {
            try
            {
                if (refund.Status == RefundStatus.Requested) await submitter.SubmitAsync(refund.Id, cancellationToken);
                else if (await wechat.QueryRefundAsync(refund.OutRefundNo, cancellationToken) is { } answer)
                    await applier.ApplyAsync(answer, "refund query", cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not bring refund {RefundId} up to date; the next sweep tries again", refund.Id);
            }
        }
    }
}
