using System.Linq.Expressions;

namespace ImageCollection.Core.Domain;

public enum OrderStatus { PendingPayment, Paid, Closed, PartiallyRefunded, Refunded }

/// <summary>What it pays for: the enrollment's collection, or extra prints of its approved photo (加洗).</summary>
public enum OrderPurpose { Collection, Reprint }

/// <summary>How it is paid: in the mini-program (JSAPI, the student's openid known), or by scanning a QR a station shows (Native).</summary>
public enum TradeType { Jsapi, Native }

/// <summary>
/// One payment attempt (a WeChat Pay JSAPI order) for one enrollment. Money is in fen. Refunds reserve their amount
/// on the order in the same transaction that creates them (<see cref="RefundCommittedFen"/>, guarded by the row version
/// and a check constraint), so refunds never sum to more than was paid.
/// </summary>
public sealed partial class Order
{
    private Order() { }

    public Order(Guid enrollmentId, Guid? studentId, string outTradeNo, long amountFen, string payerOpenId,
        DateTimeOffset timeExpire, string? idempotencyKey, DateTimeOffset now, TradeType tradeType = TradeType.Jsapi,
        OrderPurpose purpose = OrderPurpose.Collection, int? reprintCopies = null)
    {
        Purpose = purpose;
        ReprintCopies = purpose == OrderPurpose.Reprint ? reprintCopies : null;
        TradeType = tradeType;
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
    /// <summary>The mini-program user who ordered; none for a station's QR order of a walk-up enrollment.</summary>
    public Guid? StudentId { get; private set; }
    public TradeType TradeType { get; private set; }
    public OrderPurpose Purpose { get; private set; }
    /// <summary>Reprint orders: how many extra copies they pay for.</summary>
    public int? ReprintCopies { get; private set; }
    /// <summary>[0-9A-Za-z], at most 32 characters; the idempotency key of every call to WeChat about this order.</summary>
    public string OutTradeNo { get; private set; } = "";
    public long AmountFen { get; private set; }
    public string Currency { get; private set; } = "CNY";
    /// <summary>Who pays: known up front for JSAPI; for a Native (QR) order whoever scanned it, learnt from the payment.</summary>
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

    /// <summary>The statuses in which WeChat holds the payment (some of it may be refunded already).</summary>
    public static readonly OrderStatus[] PaidStatuses = [OrderStatus.Paid, OrderStatus.PartiallyRefunded];

    /// <summary>
    /// An order that pays for its enrollment: a collection order, paid or partly refunded, and not refunded in full. "The
    /// enrollment is paid" is this (or a school payment): in queries through the expression, in memory through
    /// <see cref="CountsAsPaid"/>. A reprint order never pays for the collection.
    /// </summary>
    public static readonly Expression<Func<Order, bool>> Paying = o => o.Purpose == OrderPurpose.Collection && PaidStatuses.Contains(o.Status)
        && o.RefundedFen < o.AmountFen;

    /// <summary>Something of it can still be refunded: paid, and its refunds not closed stay below its amount.</summary>
    public static readonly Expression<Func<Order, bool>> Refundable = o => PaidStatuses.Contains(o.Status) && o.RefundCommittedFen < o.AmountFen;

    private static readonly Func<Order, bool> IsPaying = Paying.Compile();
    private static readonly Func<Order, bool> IsRefundable = Refundable.Compile();

    public bool IsPaidStatus => PaidStatuses.Contains(Status);

    public bool CountsAsPaid => IsPaying(this);

    public long RefundableFen => IsRefundable(this) ? AmountFen - RefundCommittedFen : 0;

    public bool IsPayableAt(DateTimeOffset now) => Status == OrderStatus.PendingPayment && now < TimeExpire;

    /// <summary>The code_url a Native order's QR encodes (valid until the order expires).</summary>
    public string? CodeUrl { get; private set; }

    public void PrepayIssued(string prepayId, DateTimeOffset now)
    {
        if (Status != OrderStatus.PendingPayment)
            throw DomainException.Conflict("order.not_payable", "This order can no longer be paid.");
        PrepayId = prepayId;
        PrepayIssuedAt = now;
        UpdatedAt = now;
    }

    /// <summary>A Native order's QR content, from WeChat's answer to the prepay.</summary>
    public void CodeIssued(string codeUrl, DateTimeOffset now)
    {
        if (Status != OrderStatus.PendingPayment || TradeType != TradeType.Native)
            throw DomainException.Conflict("order.not_payable", "This order can no longer be paid.");
        CodeUrl = codeUrl;
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

    /// <summary>A refund was closed without money moving: its reservation is released (never more than was reserved).</summary>
    public void ReleaseRefund(long amountFen, DateTimeOffset now)
    {
        if (amountFen <= 0 || amountFen > RefundCommittedFen - RefundedFen)
            throw new InvalidOperationException(
                $"Order {Id}: releasing {amountFen} fen, but {RefundCommittedFen - RefundedFen} fen are reserved by refunds not yet settled.");
        RefundCommittedFen -= amountFen;
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
