using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Orders;
using ImageCollection.Core.PaymentExceptions;
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
    public Task RunYesterdayAsync(CancellationToken cancellationToken) =>
        RunAsync(ChinaTime.Today(clock).AddDays(-1), cancellationToken);

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
                await PaymentExceptionLog.OpenAsync(db, PaymentExceptionKind.MissedPayment, row.OutTradeNo,
                    $"The {billDate:yyyy-MM-dd} trade bill shows a payment we had not applied; applied from the bill.", now, cancellationToken,
                    orderId: order?.Id, outTradeNo: row.OutTradeNo, transactionId: row.TransactionId);
        }

        var start = ChinaTime.StartOf(billDate);
        var billed = paidInBill.Select(r => r.OutTradeNo).ToHashSet();
        var ours = await db.Orders.AsNoTracking().Where(o => o.PaidAt >= start && o.PaidAt < start.AddDays(1)).ToListAsync(cancellationToken);
        foreach (var order in ours.Where(o => !billed.Contains(o.OutTradeNo)))
            await PaymentExceptionLog.OpenAsync(db, PaymentExceptionKind.UnknownToWechat, order.OutTradeNo,
                $"We hold this order as paid on {billDate:yyyy-MM-dd}, but WeChat's trade bill does not list it.", now, cancellationToken,
                orderId: order.Id, outTradeNo: order.OutTradeNo, transactionId: order.TransactionId);
        logger.LogInformation("Reconciled {Date}: {Rows} bill rows, {Ours} of our payments", billDate, bill.Rows.Count, ours.Count);
    }
}
