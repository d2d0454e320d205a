using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Worker.Orders;

public sealed class OrderJobs(AppDbContext db, OrderCloser closer, IOptions<PaymentsOptions> options, TimeProvider clock,
    ILogger<OrderJobs> logger) : IOrderJobs
{
    public Task ExpireAsync(Guid orderId, CancellationToken cancellationToken) => closer.CloseAsync(orderId, "expired", cancellationToken);

    /// <summary>
    /// Closes every expired unpaid order and queries those unpaid for a while, in pages of 500 (keyset on creation
    /// time and id, so an order that could not be brought up to date is not picked again in the same sweep).
    /// </summary>
    public async Task SweepUnpaidAsync(CancellationToken cancellationToken)
    {
        const int page = 500;
        var now = clock.GetUtcNow();
        var queryBefore = now - options.Value.UnpaidQueryAfter;
        var (afterCreated, afterId) = (DateTimeOffset.MinValue, Guid.Empty);
        while (!cancellationToken.IsCancellationRequested)
        {
            var due = await db.Orders.AsNoTracking()
                .Where(o => o.Status == OrderStatus.PendingPayment && (o.TimeExpire <= now || (o.PrepayIssuedAt != null && o.PrepayIssuedAt < queryBefore)))
                .Where(o => o.CreatedAt > afterCreated || (o.CreatedAt == afterCreated && o.Id.CompareTo(afterId) > 0))
                .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).Take(page).ToListAsync(cancellationToken);
            foreach (var order in due)
            {
                try
                {
                    if (order.TimeExpire <= now) await closer.CloseAsync(order.Id, "expired", cancellationToken);
                    else await closer.RefreshAsync(order, cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Could not bring order {OrderId} up to date; the next sweep tries again", order.Id);
                }
            }
            if (due.Count < page) return;
            (afterCreated, afterId) = (due[^1].CreatedAt, due[^1].Id);
        }
    }
}
