using System.Text.Json;

namespace ImageCollection.Core.Domain;

/// <summary>One refund a bulk refund would send: the order and how much of it is still refundable.</summary>
public sealed record PreviewedRefund(Guid OrderId, Guid EnrollmentId, long AmountFen);

/// <summary>
/// What a school's bulk refund (统一退费) would do, shown before it is started: who, how much each, the total. The
/// refund starts only from a preview, and only while the preview is still what the batch would refund (somebody
/// photographed or refunded since makes it stale), so the school approves exactly what is sent.
/// </summary>
public sealed class BulkRefundPreview
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    private BulkRefundPreview() { }

    public BulkRefundPreview(Guid batchId, Actor requestedBy, string reason, IReadOnlyList<PreviewedRefund> refunds, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        BatchId = batchId;
        RequestedByType = requestedBy.Type;
        RequestedById = requestedBy.Id;
        Reason = reason;
        Refunds = JsonSerializer.Serialize(refunds, JsonSerializerOptions.Web);
        Count = refunds.Count;
        TotalFen = refunds.Sum(r => r.AmountFen);
        CreatedAt = now;
        ExpiresAt = now + Lifetime;
    }

    public Guid Id { get; private set; }
    public Guid BatchId { get; private set; }
    public string RequestedByType { get; private set; } = "";
    public Guid? RequestedById { get; private set; }
    public string Reason { get; private set; } = "";
    /// <summary>The previewed refunds (jsonb), in order.</summary>
    public string Refunds { get; private set; } = "[]";
    public int Count { get; private set; }
    public long TotalFen { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    /// <summary>The bulk refund started from it: a preview starts one bulk refund at most.</summary>
    public Guid? StartedJobId { get; private set; }
    public uint Version { get; private set; }

    public IReadOnlyList<PreviewedRefund> RefundList => JsonSerializer.Deserialize<List<PreviewedRefund>>(Refunds, JsonSerializerOptions.Web) ?? [];

    /// <summary>Starting from it: refused when expired, used already, or no longer what the batch would refund.</summary>
    public void Start(Guid jobId, IReadOnlyList<PreviewedRefund> now, DateTimeOffset at)
    {
        if (StartedJobId is not null)
            throw DomainException.Conflict("bulk_refund.preview_used", "This preview has started a bulk refund already.");
        if (at >= ExpiresAt)
            throw DomainException.Conflict("bulk_refund.preview_expired", "This preview has expired: preview the bulk refund again.");
        if (!now.OrderBy(r => r.OrderId).SequenceEqual(RefundList.OrderBy(r => r.OrderId)))
            throw DomainException.Conflict("bulk_refund.preview_stale",
                "Payments, refunds or photos changed since this preview: preview the bulk refund again and check it.");
        StartedJobId = jobId;
    }
}
