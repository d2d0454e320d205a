using Hangfire;
using ImageCollection.Core.Auditing;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Payments;
using ImageCollection.Core.Refunds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ImageCollection.Core.Orders;

public enum PaymentOutcome { Applied, AlreadyApplied, NotPaid, Mismatch, UnknownOrder }

/// <summary>
/// Applies WeChat's word that an order was paid — from a notification, a query or a trade bill — exactly once: the
/// order row is locked, the transaction is matched to it (mchid, appid, amount, currency, payer), and the change, its
/// history and any follow-up (an automatic refund of a late or duplicate payment, an exception for support) are one
/// transaction. A mismatch never marks an order paid.
/// </summary>
public sealed class PaymentApplier(AppDbContext db, WechatPayClient wechat, IBackgroundJobClient jobs, TimeProvider clock,
    ILogger<PaymentApplier> logger)
{
    public async Task<PaymentOutcome> ApplyAsync(WechatTransaction t, string source, CancellationToken ct)
    {
        if (!t.WasPaid) return PaymentOutcome.NotPaid;
        var now = clock.GetUtcNow();
        var followUps = new List<Action>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var order = await db.LockAsync(db.Orders.FromSql($"select *, xmin from orders where out_trade_no = {t.OutTradeNo} for update"), ct);
        if (order is null)
        {
            await OpenAsync(PaymentExceptionKind.Mismatch, $"unknown:{t.OutTradeNo}:{t.TransactionId}", null, t,
                $"WeChat reports a payment ({source}) for an out_trade_no we never created.", now, ct);
            await tx.CommitAsync(ct);
            return PaymentOutcome.UnknownOrder;
        }
        if (order.TransactionId is not null && order.TransactionId == t.TransactionId) return PaymentOutcome.AlreadyApplied;
        if (Mismatch(order, t) is { } why)
        {
            logger.LogWarning("Payment for order {OrderId} does not match it ({Why}); not applied", order.Id, why);
            await OpenAsync(PaymentExceptionKind.Mismatch, $"mismatch:{t.OutTradeNo}:{t.TransactionId}", order.Id, t, $"{why} ({source}).", now, ct);
            await tx.CommitAsync(ct);
            return PaymentOutcome.Mismatch;
        }

        var wasClosed = order.Status == OrderStatus.Closed;
        var alreadyPaid = await db.IsPaidAsync(order.EnrollmentId, ct);
        db.StatusChanges.Add(order.MarkPaid(t.TransactionId ?? "", t.SuccessAt ?? now, Actor.System, now));
        db.AuditEntries.Add(new AuditEntry(Actor.System, "order.paid", nameof(Order), order.Id, null,
            new { order.OutTradeNo, order.TransactionId, order.AmountFen, Source = source }, now));
        if (wasClosed || alreadyPaid)
        {
            // Money arrived that this enrollment must not keep: give it back at once, and tell support.
            var kind = wasClosed ? PaymentExceptionKind.PaidAfterClose : PaymentExceptionKind.DuplicatePayment;
            var reason = wasClosed ? "order closed" : "duplicate payment";
            order.CommitRefund(order.AmountFen, now);
            var refund = new Refund(order, RefundNumbers.New(), order.AmountFen, reason, Actor.System, null, now);
            db.Refunds.Add(refund);
            await OpenAsync(kind, $"{StatusNames.Snake(kind.ToString())}:{t.OutTradeNo}", order.Id, t,
                $"{(wasClosed ? "Paid after the order closed" : "The enrollment was already paid")}; refunded automatically ({source}).", now, ct);
            followUps.Add(() => jobs.Enqueue<IRefundJobs>(j => j.SubmitAsync(refund.Id, CancellationToken.None)));
            followUps.Add(() => jobs.Enqueue<IStudentMessageJobs>(j => j.OrderExceptionAsync(order.Id, reason, CancellationToken.None)));
        }
        else
        {
            followUps.Add(() => jobs.Enqueue<IStudentMessageJobs>(j => j.OrderStatusAsync(order.Id, "paid", CancellationToken.None)));
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        followUps.ForEach(f => f());
        return PaymentOutcome.Applied;
    }

    private string? Mismatch(Order order, WechatTransaction t) =>
        t.Mchid != wechat.MchId ? "mchid differs"
        : t.Appid != wechat.AppId ? "appid differs"
        : t.Amount?.Total != order.AmountFen ? $"amount {t.Amount?.Total} fen, order {order.AmountFen} fen"
        : (t.Amount?.Currency ?? "CNY") != order.Currency ? "currency differs"
        : t.Payer?.Openid != order.PayerOpenId ? "payer differs"
        : null;

    private async Task OpenAsync(PaymentExceptionKind kind, string dedupKey, Guid? orderId, WechatTransaction t, string detail, DateTimeOffset now, CancellationToken ct)
    {
        if (await db.PaymentExceptions.AnyAsync(e => e.DedupKey == dedupKey, ct)) return;
        db.PaymentExceptions.Add(new PaymentException(kind, dedupKey, orderId, null, t.OutTradeNo, t.TransactionId, detail, now));
        await db.SaveChangesAsync(ct);
    }
}
