namespace ImageCollection.Core.Domain;

/// <summary>What support must look at: money that does not match what we expected.</summary>
public enum PaymentExceptionKind
{
    /// <summary>A notification or query whose amount, currency, mchid, appid or payer does not match the order.</summary>
    Mismatch,
    /// <summary>Paid after the order closed: applied and refunded automatically.</summary>
    PaidAfterClose,
    /// <summary>A second paid order for an enrollment already paid.</summary>
    DuplicatePayment,
    RefundAbnormal,
    /// <summary>The trade bill shows a payment we had missed: applied from the bill.</summary>
    MissedPayment,
    /// <summary>We hold an order as paid that the trade bill does not know.</summary>
    UnknownToWechat,
    /// <summary>A bulk refund paused: the merchant balance was not enough.</summary>
    InsufficientBalance,
}

public enum PaymentExceptionStatus { Open, Resolved }

public sealed class PaymentException
{
    private PaymentException() { }

    public PaymentException(PaymentExceptionKind kind, string dedupKey, Guid? orderId, Guid? refundId, string? outTradeNo,
        string? transactionId, string detail, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        Kind = kind;
        DedupKey = dedupKey;
        OrderId = orderId;
        RefundId = refundId;
        OutTradeNo = outTradeNo;
        TransactionId = transactionId;
        Detail = detail;
        Status = PaymentExceptionStatus.Open;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public PaymentExceptionKind Kind { get; private set; }
    /// <summary>Kind + the record it is about: the same problem seen twice (a repeated notification) is one exception.</summary>
    public string DedupKey { get; private set; } = "";
    public Guid? OrderId { get; private set; }
    public Guid? RefundId { get; private set; }
    public string? OutTradeNo { get; private set; }
    public string? TransactionId { get; private set; }
    public string Detail { get; private set; } = "";
    public PaymentExceptionStatus Status { get; private set; }
    public Guid? ResolvedBy { get; private set; }
    public DateTimeOffset? ResolvedAt { get; private set; }
    public string? Resolution { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public uint Version { get; private set; }

    public void Resolve(Guid staffId, string resolution, DateTimeOffset now)
    {
        if (Status == PaymentExceptionStatus.Resolved)
            throw DomainException.Conflict("payment_exception.resolved", "This exception is already resolved.");
        Status = PaymentExceptionStatus.Resolved;
        ResolvedBy = staffId;
        Resolution = resolution.Trim();
        ResolvedAt = now;
    }
}
