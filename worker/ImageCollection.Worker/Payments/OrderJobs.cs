using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Worker.Payments;

public sealed class OrderJobs(AppDbContext db, OrderCloser closer, IOptions<PaymentsOptions> options, TimeProvider clock, ILogger<OrderJobs> logger) : IOrderJobs
{
    public Task ExpireAsync(Guid orderId, CancellationToken cancellationToken) => closer.CloseAsync(orderId, "expired", cancellationToken);

    public async Task SweepUnpaidAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var queryBefore = now - options.Value.UnpaidQueryAfter;
        var due = await db.Orders.AsNoTracking()
            .Where(o => o.Status == OrderStatus.PendingPayment && (o.TimeExpire <= now || (o.PrepayIssuedAt != null && o.PrepayIssuedAt < queryBefore)))
            .OrderBy(o => o.CreatedAt).Take(500).ToListAsync(cancellationToken);
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
    }
}
