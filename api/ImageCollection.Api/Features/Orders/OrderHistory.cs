using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Orders;

/// <summary>
/// An order's history for support: its creation, the recorded status changes of the order and of its refunds (each
/// refund's request first), oldest first, with who (staff by display name, students and the system by kind only),
/// why and when. Nothing personal: reasons are the service's words or the refund reason support typed.
/// </summary>
public static class OrderHistory
{
    public sealed record OrderHistoryEntry(string Subject, Guid? RefundId, string? OutRefundNo, string? FromStatus, string ToStatus, string Reason,
        string ActorType, string? ActorName, long? AmountFen, DateTimeOffset At);

    public static async Task<Results<Ok<List<OrderHistoryEntry>>, NotFound>> Get(Guid id, AppDbContext db, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null) return TypedResults.NotFound();
        var refunds = await db.Refunds.AsNoTracking().Where(r => r.OrderId == id).ToDictionaryAsync(r => r.Id, ct);
        var refundIds = refunds.Keys.ToList();
        var changes = await db.StatusChanges.AsNoTracking()
            .Where(c => (c.EntityType == nameof(Order) && c.EntityId == id) || (c.EntityType == nameof(Refund) && refundIds.Contains(c.EntityId)))
            .ToListAsync(ct);
        var staffIds = changes.Where(c => c.ActorType == "staff").Select(c => c.ActorId)
            .Concat(refunds.Values.Where(r => r.RequestedByType == "staff").Select(r => r.RequestedById)).OfType<Guid>().Distinct().ToList();
        var names = await db.StaffUsers.AsNoTracking().Where(s => staffIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.DisplayName, ct);
        string? Name(string type, Guid? actor) => type == "staff" && actor is { } a ? names.GetValueOrDefault(a) : null;

        var entries = new List<OrderHistoryEntry>
        {
            new("order", null, null, null, StatusNames.Snake(nameof(OrderStatus.PendingPayment)), "created",
                order.TradeType == TradeType.Native ? "staff" : "student", null, order.AmountFen, order.CreatedAt),
        };
        entries.AddRange(refunds.Values.Select(r => new OrderHistoryEntry("refund", r.Id, r.OutRefundNo, null,
            StatusNames.Snake(nameof(RefundStatus.Requested)), r.Reason, r.RequestedByType, Name(r.RequestedByType, r.RequestedById), r.AmountFen,
            r.CreatedAt)));
        entries.AddRange(changes.Select(c =>
        {
            var refund = c.EntityType == nameof(Refund) ? refunds[c.EntityId] : null;
            return new OrderHistoryEntry(refund is null ? "order" : "refund", refund?.Id, refund?.OutRefundNo, c.FromStatus, c.ToStatus, c.Reason,
                c.ActorType, Name(c.ActorType, c.ActorId), refund?.AmountFen, c.At);
        }));
        return TypedResults.Ok(entries.OrderBy(e => e.At).ThenBy(e => e.Subject == "refund" ? 0 : 1).Select(e => e with { At = e.At.ToChina() }).ToList());
    }
}
