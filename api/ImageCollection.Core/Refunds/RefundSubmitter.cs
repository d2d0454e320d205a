using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.PaymentExceptions;
using ImageCollection.Core.WechatPay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ImageCollection.Core.Refunds;

public enum SubmitOutcome { Accepted, AlreadySent, NotEnough, Deferred, Refused }

/// <summary>
/// Sends a requested refund to WeChat with its own out_refund_no (so a resend is the same refund). An unclear outcome
/// (rate limit, timeout, unverifiable answer) is queried before anything else; NOT_ENOUGH leaves it requested.
/// </summary>
public sealed class RefundSubmitter(AppDbContext db, WechatPayClient wechat, RefundApplier applier, TimeProvider clock, ILogger<RefundSubmitter> logger)
{
    public async Task<SubmitOutcome> SubmitAsync(Guid refundId, CancellationToken ct)
    {
        var refund = await db.Refunds.SingleOrDefaultAsync(r => r.Id == refundId, ct);
        if (refund is null || refund.Status != RefundStatus.Requested) return SubmitOutcome.AlreadySent;
        var order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == refund.OrderId, ct);
        var request = new CreateRefundRequest(order.OutTradeNo, refund.OutRefundNo, refund.Reason, wechat.Options.RefundNotifyUrl,
            new RefundAmountRequest(refund.AmountFen, order.AmountFen));
        try
        {
            var answer = await wechat.RefundAsync(request, ct);
            await NoteAsync(refund, null, ct);
            await applier.ApplyAsync(answer, "refund accepted", ct);
            return SubmitOutcome.Accepted;
        }
        catch (WechatPayApiException e) when (e.Code == WechatPayApiException.NotEnough)
        {
            await NoteAsync(refund, "NOT_ENOUGH: the merchant's refundable balance is insufficient", ct);
            return SubmitOutcome.NotEnough;
        }
        catch (WechatPayApiException e) when (e.Retry == RetrySafety.Never)
        {
            logger.LogWarning("WeChat refused refund {Refund}: {Code}", refund.Id, e.Code);
            await RefuseAsync(refund, order, $"{e.Code}: {e.WechatMessage}", ct);
            return SubmitOutcome.Refused;
        }
        catch (Exception e) when (WechatPayErrors.IsCallFailure(e))
        {
            // Accepted or not? Ask before sending again (with the same number, so a resend cannot double it).
            var known = await wechat.QueryRefundAsync(refund.OutRefundNo, ct);
            if (known is not null)
            {
                await applier.ApplyAsync(known, "refund query", ct);
                return SubmitOutcome.Accepted;
            }
            await NoteAsync(refund, e.Message, ct);
            return SubmitOutcome.Deferred;
        }
    }

    /// <summary>Counts the attempt without a row-version check: a notification may settle the refund meanwhile.</summary>
    private async Task NoteAsync(Refund refund, string? error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await db.Refunds.Where(r => r.Id == refund.Id).ExecuteUpdateAsync(u => u
            .SetProperty(r => r.Attempts, r => r.Attempts + 1).SetProperty(r => r.LastError, error).SetProperty(r => r.UpdatedAt, now), ct);
    }

    /// <summary>WeChat will never take it: closed, its reservation released, and support told — together.</summary>
    private async Task RefuseAsync(Refund refund, Order order, string why, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = await db.LockAsync(db.Refunds.FromSql($"select *, xmin from refunds where id = {refund.Id} for update"), ct);
        if (locked is null || locked.Status != RefundStatus.Requested) return;
        db.StatusChanges.Add(locked.RefusedByWechat(why, now)!);
        var tracked = (await db.LockAsync(db.Orders.FromSql($"select *, xmin from orders where id = {order.Id} for update"), ct))!;
        tracked.ReleaseRefund(locked.AmountFen, now);
        await PaymentExceptionLog.OpenAsync(db, PaymentExceptionKind.RefundAbnormal, $"refused:{locked.OutRefundNo}", $"WeChat refused the refund: {why}",
            now, ct, orderId: order.Id, refundId: locked.Id, outTradeNo: order.OutTradeNo, transactionId: order.TransactionId);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }
}
