using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Orders;
using ImageCollection.Core.WechatPay;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Worker.PaymentExceptions;

/// <summary>
/// T+1 reconciliation against the trade bill: a payment WeChat took that we did not apply is applied (from a fresh
/// query) and recorded; an order we hold as paid that WeChat's bill does not know becomes an exception for support.
/// </summary>
public sealed class ReconciliationJobs(AppDbContext db, WechatPayClient wechat, PaymentApplier applier, TimeProvider clock,
    ILogger<ReconciliationJobs> logger) : IReconciliationJobs
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public Task RunYesterdayAsync(CancellationToken cancellationToken) =>
        RunAsync(DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(China).DateTime).AddDays(-1), cancellationToken);

    public async Task RunAsync(DateOnly billDate, CancellationToken cancellationToken)
    {
        TradeBill bill;
        try
        {
            bill = await wechat.TradeBillAsync(billDate, cancellationToken);
        }
        catch (WechatPayApiException e) when (e.Code == "NO_STATEMENT_EXIST")
        {
            bill = new TradeBill([], new Dictionary<string, decimal>());
        }
        var now = clock.GetUtcNow();
        var paidInBill = bill.Rows.Where(r => r.TradeState == "SUCCESS").ToList();
        foreach (var row in paidInBill)
        {
            var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.OutTradeNo == row.OutTradeNo, cancellationToken);
            if (order is not null && order.TransactionId == row.TransactionId) continue;
            var transaction = await wechat.QueryAsync(row.OutTradeNo, cancellationToken);
            if (transaction is null) continue;
            var outcome = await applier.ApplyAsync(transaction, $"trade bill {billDate:yyyy-MM-dd}", cancellationToken);
            if (outcome == PaymentOutcome.Applied)
                await OpenAsync(PaymentExceptionKind.MissedPayment, $"missed_payment:{row.OutTradeNo}", order?.Id, row.OutTradeNo, row.TransactionId,
                    $"The {billDate:yyyy-MM-dd} trade bill shows a payment we had not applied; applied from the bill.", now, cancellationToken);
        }

        var start = new DateTimeOffset(billDate.ToDateTime(TimeOnly.MinValue), China).ToUniversalTime();
        var billed = paidInBill.Select(r => r.OutTradeNo).ToHashSet();
        var ours = await db.Orders.AsNoTracking().Where(o => o.PaidAt >= start && o.PaidAt < start.AddDays(1)).ToListAsync(cancellationToken);
        foreach (var order in ours.Where(o => !billed.Contains(o.OutTradeNo)))
            await OpenAsync(PaymentExceptionKind.UnknownToWechat, $"unknown_to_wechat:{order.OutTradeNo}", order.Id, order.OutTradeNo, order.TransactionId,
                $"We hold this order as paid on {billDate:yyyy-MM-dd}, but WeChat's trade bill does not list it.", now, cancellationToken);
        logger.LogInformation("Reconciled {Date}: {Rows} bill rows, {Ours} of our payments", billDate, bill.Rows.Count, ours.Count);
    }

    private async Task OpenAsync(PaymentExceptionKind kind, string key, Guid? orderId, string outTradeNo, string? transactionId, string detail,
        DateTimeOffset now, CancellationToken ct)
    {
        if (await db.PaymentExceptions.AnyAsync(e => e.DedupKey == key, ct)) return;
        db.PaymentExceptions.Add(new PaymentException(kind, key, orderId, null, outTradeNo, transactionId, detail, now));
        await db.SaveChangesAsync(ct);
    }
}
