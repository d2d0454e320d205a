using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.WechatPay;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Core.Orders;

/// <summary>
/// Brings an unpaid order up to date with WeChat: query first — a payment WeChat took is applied — and only then close
/// it (at WeChat, then here). A paid order is never closed.
/// </summary>
public sealed class OrderCloser(AppDbContext db, WechatPayClient wechat, PaymentApplier applier, TimeProvider clock)
{
    /// <summary>True when the order turned out paid (and is now applied).</summary>
    public async Task<bool> RefreshAsync(Order order, CancellationToken ct)
    {
        var transaction = await wechat.QueryAsync(order.OutTradeNo, ct);
        if (transaction?.WasPaid != true) return false;
        await applier.ApplyAsync(transaction, "query", ct);
        return true;
    }

    /// <summary>Closes a pending order unless WeChat says it was paid; true when it is closed now.</summary>
    public async Task<bool> CloseAsync(Guid orderId, string reason, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, ct);
        if (order is null || order.Status != OrderStatus.PendingPayment) return false;
        var transaction = await wechat.QueryAsync(order.OutTradeNo, ct);
        if (transaction?.WasPaid == true)
        {
            await applier.ApplyAsync(transaction, "query before close", ct);
            return false;
        }
        if (transaction is not null && transaction.TradeState != WechatTransaction.Closed)
        {
            try
            {
                await wechat.CloseAsync(order.OutTradeNo, ct);
            }
            catch (WechatPayApiException e) when (e.Code is "ORDERPAID" or "ORDER_PAID")
            {
                await RefreshAsync(order, ct);
                return false;
            }
        }
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var locked = (await db.LockAsync(db.Orders.FromSql($"select *, xmin from orders where id = {orderId} for update"), ct))!;
        if (locked.Status != OrderStatus.PendingPayment) return false;
        db.StatusChanges.Add(locked.Close(reason, Actor.System, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }
}
