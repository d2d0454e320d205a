using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Domain;

public enum OrderStatus { PendingPayment, Paid, Closed, PartiallyRefunded, Refunded }

/// <summary>
/// One payment attempt (a WeChat Pay JSAPI order) for one enrollment. Money is in fen. Refunds reserve their amount
/// on the order in the same transaction that creates them (<see cref="RefundCommittedFen"/>, guarded by the row version
/// and a check constraint), so refunds never sum to more than was paid.
/// </summary>
public sealed partial class Order
{
    private Order() { }

    public Order(Guid enrollmentId, Guid studentId, string outTradeNo, long amountFen, string payerOpenId,
        DateTimeOffset timeExpire, string? idempotencyKey, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        EnrollmentId = enrollmentId;
        StudentId = studentId;
        OutTradeNo = outTradeNo;
        AmountFen = amountFen;
        PayerOpenId = payerOpenId;
        TimeExpire = timeExpire.ToUniversalTime();
        IdempotencyKey = idempotencyKey;
        Status = OrderStatus.PendingPayment;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid EnrollmentId { get; private set; }
    public Guid StudentId { get; private set; }
    /// <summary>[0-9A-Za-z], at most 32 characters; the idempotency key of every call to WeChat about this order.</summary>
    public string OutTradeNo { get; private set; } = "";
    public long AmountFen { get; private set; }
    public string Currency { get; private set; } = "CNY";
    public string PayerOpenId { get; private set; } = "";
    public DateTimeOffset TimeExpire { get; private set; }
    public string? IdempotencyKey { get; private set; }
    public OrderStatus Status { get; private set; }
    public string? PrepayId { get; private set; }
    public DateTimeOffset? PrepayIssuedAt { get; private set; }
    public string? TransactionId { get; private set; }
    public DateTimeOffset? PaidAt { get; private set; }
    public DateTimeOffset? ClosedAt { get; private set; }
    /// <summary>Sum of refunds not closed (requested, processing, abnormal, succeeded).</summary>
    public long RefundCommittedFen { get; private set; }
    /// <summary>Sum of succeeded refunds.</summary>
    public long RefundedFen { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    public long RefundableFen => IsPaidStatus ? AmountFen - RefundCommittedFen : 0;

    public bool IsPaidStatus => Status is OrderStatus.Paid or OrderStatus.PartiallyRefunded;

    /// <summary>Paid and not wholly consumed by refunds: counts for "the enrollment is paid".</summary>
    public bool CountsAsPaid => IsPaidStatus && RefundedFen < AmountFen;

    public bool IsPayableAt(DateTimeOffset now) => Status == OrderStatus.PendingPayment && now < TimeExpire;

    public void PrepayIssued(string prepayId, DateTimeOffset now)
    {
        if (Status != OrderStatus.PendingPayment)
            throw DomainException.Conflict("order.not_payable", "This order can no longer be paid.");
        PrepayId = prepayId;
        PrepayIssuedAt = now;
        UpdatedAt = now;
    }

    /// <summary>Reserves a refund amount; refused beyond what was paid and not yet refunded.</summary>
    public void CommitRefund(long amountFen, DateTimeOffset now)
    {
        if (!IsPaidStatus) throw DomainException.Conflict("refund.order_not_paid", "Only a paid order can be refunded.");
        if (amountFen <= 0 || amountFen > RefundableFen)
            throw DomainException.Conflict("refund.exceeds_paid", $"At most {RefundableFen} fen of this order can still be refunded.");
        RefundCommittedFen += amountFen;
        UpdatedAt = now;
    }

    /// <summary>A refund was closed without money moving: its reservation is released.</summary>
    public void ReleaseRefund(long amountFen, DateTimeOffset now)
    {
        RefundCommittedFen = Math.Max(0, RefundCommittedFen - amountFen);
        UpdatedAt = now;
    }

    /// <summary>A refund succeeded: the order becomes partially or wholly refunded.</summary>
    public StatusChange? RefundSucceeded(long amountFen, Actor actor, DateTimeOffset now)
    {
        RefundedFen += amountFen;
        var to = RefundedFen >= AmountFen ? OrderStatus.Refunded : OrderStatus.PartiallyRefunded;
        return to == Status ? null : MoveTo(to, "refund succeeded", actor, now);
    }
}
