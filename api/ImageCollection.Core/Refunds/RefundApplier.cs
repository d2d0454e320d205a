using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Messaging;
using ImageCollection.Core.Orders;
using ImageCollection.Core.PaymentExceptions;
using ImageCollection.Core.WechatPay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace ImageCollection.Core.Refunds;

/// <summary>
/// Applies WeChat's word about a refund — from the create answer, a query or a notification — once, with the refund
/// and its order locked: success moves money on the order (and, when nothing paid is left, the enrollment leaves the
/// batch); closed releases the reservation; abnormal goes to support and keeps counting against the paid amount.
/// </summary>
public sealed class RefundApplier(AppDbContext db, TimeProvider clock, ILogger<RefundApplier> logger)
{
    public async Task<bool> ApplyAsync(WechatRefund answer, string source, CancellationToken ct)
    {
        var target = answer.State switch
        {
            WechatRefund.Success => RefundStatus.Succeeded,
            WechatRefund.Closed => RefundStatus.Closed,
            WechatRefund.Abnormal => RefundStatus.Abnormal,
            _ => RefundStatus.Processing,
        };
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var refund = await db.LockAsync(db.Refunds.FromSql($"select *, xmin from refunds where out_refund_no = {answer.OutRefundNo} for update"), ct);
        if (refund is null) return false;
        if (answer.RefundId is { } id) refund.Accepted(id, answer.Channel, answer.UserReceivedAccount);
        if (refund.Status == target || !Refund.CanMove(refund.Status, target))
        {
            if (refund.Status != target) logger.LogInformation("Refund {Refund} is {Status}; {Target} from {Source} ignored", refund.Id, refund.Status, target,
                source);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return false;
        }
        var order = (await db.LockAsync(db.Orders.FromSql($"select *, xmin from orders where id = {refund.OrderId} for update"), ct))!;
        db.StatusChanges.Add((target switch
        {
            RefundStatus.Succeeded => refund.Succeeded(answer.SuccessAt, source, now),
            RefundStatus.Closed => refund.Closed(source, now),
            RefundStatus.Abnormal => refund.Abnormal(source, now),
            _ => refund.Processing(source, now),
        })!);
        switch (target)
        {
            case RefundStatus.Succeeded:
                if (order.RefundSucceeded(refund.AmountFen, Actor.System, now) is { } change) db.StatusChanges.Add(change);
                db.StudentMessages.Add(StudentMessages.OrderStatus(order, OrderNotice.Refunded, now));
                await LeaveBatchIfNothingPaidAsync(order, now, ct);
                break;
            case RefundStatus.Closed:
                order.ReleaseRefund(refund.AmountFen, now);
                break;
            case RefundStatus.Abnormal:
                await PaymentExceptionLog.OpenAsync(db, PaymentExceptionKind.RefundAbnormal, refund.OutRefundNo,
                    "WeChat reports the refund abnormal (e.g. the user's card was cancelled): settle it in the merchant platform.", now, ct,
                    orderId: order.Id, refundId: refund.Id, outTradeNo: order.OutTradeNo, transactionId: order.TransactionId);
                break;
        }
        db.AuditEntries.Add(new AuditEntry(Actor.System, $"refund.{StatusNames.Snake(target.ToString())}", nameof(Refund), refund.Id, null,
            new { refund.OutRefundNo, refund.AmountFen, Source = source }, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>The enrollment leaves the batch once no paid order or school payment keeps it paid.</summary>
    private async Task LeaveBatchIfNothingPaidAsync(Order order, DateTimeOffset now, CancellationToken ct)
    {
        if (order.CountsAsPaid) return;
        if (await db.IsPaidAsync(order.EnrollmentId, ct, exceptOrderId: order.Id)) return;
        var enrollment = (await db.LockAsync(db.Enrollments.Where(e => e.Id == order.EnrollmentId), ct))!;
        if (Enrollment.CanMove(enrollment.Status, EnrollmentStatus.Refunded))
            db.StatusChanges.Add(enrollment.Refunded(now));
    }
}
