using Hangfire;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Messaging;
using ImageCollection.Core.PaymentExceptions;
using ImageCollection.Core.Refunds;
using ImageCollection.Core.WechatPay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ImageCollection.Core.Orders;

public enum PaymentOutcome { Applied, AlreadyApplied, NotPaid, Mismatch, UnknownOrder }

/// <summary>
/// Applies WeChat's word that an order was paid — from a notification, a query or a trade bill — exactly once: the
/// order row and its enrollment are locked, the transaction is matched to the order (mchid, appid, amount, currency,
/// payer), and the change, its history, the student's message and any follow-up (an automatic refund of a late or
/// duplicate payment, an exception for support) are one transaction. A mismatch never marks an order paid.
/// </summary>
public sealed class PaymentApplier(AppDbContext db, WechatPayClient wechat, IBackgroundJobClient jobs, TimeProvider clock,
    ILogger<PaymentApplier> logger)
{
    public async Task<PaymentOutcome> ApplyAsync(WechatTransaction t, string source, CancellationToken ct)
    {
        if (!t.WasPaid) return PaymentOutcome.NotPaid;
        var now = clock.GetUtcNow();
        Refund? refund = null;
        db.Database.AutoSavepointsEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var order = await db.LockAsync(db.Orders.FromSql($"select *, xmin from orders where out_trade_no = {t.OutTradeNo} for update"), ct);
        if (order is null)
        {
            await Open(PaymentExceptionKind.Mismatch, $"unknown:{t.OutTradeNo}:{t.TransactionId}", null, t,
                $"WeChat reports a payment ({source}) for an out_trade_no we never created.", now, ct);
            await tx.CommitAsync(ct);
            return PaymentOutcome.UnknownOrder;
        }
        if (order.TransactionId is not null && order.TransactionId == t.TransactionId) return PaymentOutcome.AlreadyApplied;
        if (Mismatch(order, t) is { } why)
        {
            logger.LogWarning("Payment for order {OrderId} does not match it ({Why}); not applied", order.Id, why);
            await Open(PaymentExceptionKind.Mismatch, $"{t.OutTradeNo}:{t.TransactionId}", order.Id, t, $"{why} ({source}).", now, ct);
            await tx.CommitAsync(ct);
            return PaymentOutcome.Mismatch;
        }

        // Two payments of one enrollment (a late one for a closed order, and the new order's) are applied one at a time.
        await LockEnrollmentsAsync([order.EnrollmentId], ct);
        var wasClosed = order.Status == OrderStatus.Closed;
        // A reprint order pays for extra copies of a paid enrollment: only a collection order can pay it twice.
        var alreadyPaid = order.Purpose == OrderPurpose.Collection && await db.IsPaidAsync(order.EnrollmentId, ct);
        MarkPaid(order, t, source, now);
        if (wasClosed || alreadyPaid)
        {
            // Money arrived that this enrollment must not keep: give it back at once, and tell support.
            var kind = wasClosed ? PaymentExceptionKind.PaidAfterClose : PaymentExceptionKind.DuplicatePayment;
            refund = RefundRequests.Add(db, order, order.AmountFen, wasClosed ? RefundRequests.OrderClosed : RefundRequests.DuplicatePayment,
                Actor.System, now);
            db.StudentMessages.Add(StudentMessages.OrderException(order, wasClosed ? OrderProblem.PaidAfterClose : OrderProblem.PaidTwice, now));
            await Open(kind, t.OutTradeNo, order.Id, t,
                $"{(wasClosed ? "Paid after the order closed" : "The enrollment was already paid")}; refunded automatically ({source}).", now, ct);
        }
        else
        {
            db.StudentMessages.Add(StudentMessages.OrderStatus(order, OrderNotice.Paid, now));
            if (order.Purpose == OrderPurpose.Reprint)
            {
                // The copies wait for the next print run.
                var batchId = await db.Enrollments.Where(e => e.Id == order.EnrollmentId).Select(e => e.BatchId).SingleAsync(ct);
                db.PrintItems.Add(new PrintItem(batchId, order.EnrollmentId, PrintItemKind.Reprint, order.ReprintCopies ?? 1, order.Id, now));
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        if (refund is not null) RefundRequests.Submit(jobs, refund);
        return PaymentOutcome.Applied;
    }

    /// <summary>
    /// Applies a group of payments in one transaction, as the common case only: a payable order that the payment
    /// matches, of an enrollment not paid yet, named once in the group. The answer for every other payment is null,
    /// to be applied by <see cref="ApplyAsync"/> with every check (repeats, closed orders, mismatches, unknown orders).
    /// One commit for the group instead of one per payment: the database's work per payment is a few row writes.
    /// </summary>
    public async Task<PaymentOutcome?[]> ApplyGroupAsync(IReadOnlyList<(WechatTransaction Transaction, string Source)> payments, CancellationToken ct)
    {
        var outcomes = new PaymentOutcome?[payments.Count];
        for (var i = 0; i < payments.Count; i++)
            if (!payments[i].Transaction.WasPaid) outcomes[i] = PaymentOutcome.NotPaid;
        var numbers = payments.Where(p => p.Transaction.WasPaid).Select(p => p.Transaction.OutTradeNo).Distinct().ToArray();
        if (numbers.Length == 0) return outcomes;

        var now = clock.GetUtcNow();
        db.Database.AutoSavepointsEnabled = false;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var orders = (await db.Orders.FromSql($"select *, xmin from orders where out_trade_no = any({numbers}) order by id for update")
            .ToListAsync(ct)).ToDictionary(o => o.OutTradeNo);
        var enrollmentIds = orders.Values.Select(o => o.EnrollmentId).Distinct().ToArray();
        await LockEnrollmentsAsync(enrollmentIds, ct);
        var paidEnrollments = await db.PaidAmongAsync(enrollmentIds, ct);

        var taken = new HashSet<string>();
        for (var i = 0; i < payments.Count; i++)
        {
            var (t, source) = payments[i];
            if (outcomes[i] is not null || !orders.TryGetValue(t.OutTradeNo, out var order) || order.Status != OrderStatus.PendingPayment
                || order.Purpose != OrderPurpose.Collection
                || Mismatch(order, t) is not null || paidEnrollments.Contains(order.EnrollmentId) || !taken.Add(t.OutTradeNo))
                continue;
            MarkPaid(order, t, source, now);
            db.StudentMessages.Add(StudentMessages.OrderStatus(order, OrderNotice.Paid, now));
            paidEnrollments.Add(order.EnrollmentId);
            outcomes[i] = PaymentOutcome.Applied;
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return outcomes;
    }

    private void MarkPaid(Order order, WechatTransaction t, string source, DateTimeOffset now)
    {
        db.StatusChanges.Add(order.MarkPaid(t.TransactionId ?? "", t.SuccessAt ?? now, Actor.System, now, t.Payer?.Openid));
        db.AuditEntries.Add(new AuditEntry(Actor.System, "order.paid", nameof(Order), order.Id, null,
            new { order.OutTradeNo, order.TransactionId, order.AmountFen, Source = source }, now));
    }

    private Task LockEnrollmentsAsync(Guid[] ids, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"select 1 from enrollments where id = any({ids}) order by id for no key update", ct);

    private string? Mismatch(Order order, WechatTransaction t) =>
        t.Mchid != wechat.MchId ? "mchid differs"
        : t.Appid != wechat.AppId ? "appid differs"
        : t.Amount?.Total != order.AmountFen ? $"amount {t.Amount?.Total} fen, order {order.AmountFen} fen"
        : (t.Amount?.Currency ?? "CNY") != order.Currency ? "currency differs"
        : order.TradeType == TradeType.Jsapi && t.Payer?.Openid != order.PayerOpenId ? "payer differs"
        : t.TradeType is { } type && !type.Equals(order.TradeType.ToString(), StringComparison.OrdinalIgnoreCase) ? "trade type differs"
        : null;

    private Task<bool> Open(PaymentExceptionKind kind, string subject, Guid? orderId, WechatTransaction t, string detail, DateTimeOffset now,
        CancellationToken ct) =>
        PaymentExceptionLog.OpenAsync(db, kind, subject, detail, now, ct, orderId: orderId, outTradeNo: t.OutTradeNo, transactionId: t.TransactionId);
}
