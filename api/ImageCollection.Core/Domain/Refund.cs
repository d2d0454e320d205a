namespace ImageCollection.Core.Domain;

public enum RefundStatus { Requested, Processing, Succeeded, Closed, Abnormal }

/// <summary>
/// A refund of (part of) an order. <see cref="OutRefundNo"/> is fixed for its whole life, so every retry with WeChat
/// is the same refund. <c>abnormal</c> is not final: it may still succeed or close, and keeps its reservation.
/// </summary>
public sealed partial class Refund
{
    private Refund() { }

    public Refund(Order order, string outRefundNo, long amountFen, string reason, Actor requestedBy, Guid? bulkJobId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        OrderId = order.Id;
        EnrollmentId = order.EnrollmentId;
        OutRefundNo = outRefundNo;
        AmountFen = amountFen;
        Reason = reason;
        RequestedByType = requestedBy.Type;
        RequestedById = requestedBy.Id;
        BulkJobId = bulkJobId;
        Status = RefundStatus.Requested;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid OrderId { get; private set; }
    public Guid EnrollmentId { get; private set; }
    public string OutRefundNo { get; private set; } = "";
    public long AmountFen { get; private set; }
    public string Reason { get; private set; } = "";
    public string RequestedByType { get; private set; } = "";
    public Guid? RequestedById { get; private set; }
    public Guid? BulkJobId { get; private set; }
    public RefundStatus Status { get; private set; }
    /// <summary>WeChat's refund_id once it accepted the refund.</summary>
    public string? WechatRefundId { get; private set; }
    public string? Channel { get; private set; }
    public string? ReceivedAccount { get; private set; }
    public DateTimeOffset? SucceededAt { get; private set; }
    /// <summary>The last answer from WeChat that did not settle the refund (e.g. NOT_ENOUGH), for support.</summary>
    public string? LastError { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    public bool IsFinal => Status is RefundStatus.Succeeded or RefundStatus.Closed;

    private void Attempted(string? error, DateTimeOffset now)
    {
        Attempts++;
        LastError = error;
        UpdatedAt = now;
    }

    public void Accepted(string wechatRefundId, string? channel, string? receivedAccount)
    {
        WechatRefundId = wechatRefundId;
        Channel = channel ?? Channel;
        ReceivedAccount = receivedAccount ?? ReceivedAccount;
    }
}
