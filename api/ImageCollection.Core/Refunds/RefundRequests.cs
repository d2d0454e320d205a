using Hangfire;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Orders;

namespace ImageCollection.Core.Refunds;

/// <summary>
/// The one place a refund is created — by a student, by support, by a bulk refund, or automatically for money an
/// enrollment must not keep: its amount is reserved on the order (refused beyond what is still refundable; the
/// order's row version stops a concurrent second reservation at commit), the refund gets its own out_refund_no, and
/// the request is audited, all in the caller's unit of work. Once that has committed, <see cref="Submit"/> hands it
/// to the worker (a bulk refund's job sends its refunds itself, at its own pace).
/// </summary>
public static class RefundRequests
{
    /// <summary>Reasons of the refunds the service makes by itself.</summary>
    public const string OrderClosed = "order closed", DuplicatePayment = "duplicate payment";

    public static Refund Add(AppDbContext db, Order order, long amountFen, string reason, Actor requestedBy, DateTimeOffset now,
        Guid? bulkJobId = null, string auditAction = "refund.requested")
    {
        var refundableBefore = order.RefundableFen;
        order.CommitRefund(amountFen, now);
        var refund = new Refund(order, TradeNumbers.NewRefund(), amountFen, reason, requestedBy, bulkJobId, now);
        db.Refunds.Add(refund);
        db.AuditEntries.Add(new AuditEntry(requestedBy, auditAction, nameof(Refund), refund.Id,
            new { order.OutTradeNo, RefundableFen = refundableBefore },
            new { refund.OutRefundNo, refund.AmountFen, refund.Reason, refund.BulkJobId }, now));
        return refund;
    }

    /// <summary>After the commit: the worker sends it to WeChat (with its out_refund_no, however often it retries).</summary>
    public static void Submit(IBackgroundJobClient jobs, Refund refund) =>
        jobs.Enqueue<IRefundJobs>(j => j.SubmitAsync(refund.Id, CancellationToken.None));
}
