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
/// Each run is a <see cref="ReconciliationRun"/> with its counts and the differences it found.
/// </summary>
public sealed class ReconciliationJobs(AppDbContext db, WechatPayClient wechat, PaymentApplier applier, TimeProvider clock,
    ILogger<ReconciliationJobs> logger) : IReconciliationJobs
{
    public Task RunYesterdayAsync(CancellationToken cancellationToken) =>
        RunAsync(ChinaTime.Today(clock).AddDays(-1), cancellationToken);

    public async Task RunAsync(DateOnly billDate, CancellationToken cancellationToken)
    {
        var run = new ReconciliationRun(billDate, Actor.System, clock.GetUtcNow());
        db.ReconciliationRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);
        await RunRequestedAsync(run.Id, cancellationToken);
    }

    public async Task RunRequestedAsync(Guid runId, CancellationToken cancellationToken)
    {
        var run = await db.ReconciliationRuns.Include(r => r.Differences).SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null || run.IsFinished) return;
        run.Start(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            await ReconcileAsync(run, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            var failed = await db.ReconciliationRuns.Include(r => r.Differences).SingleAsync(r => r.Id == runId, CancellationToken.None);
            failed.Failed($"{e.GetType().Name}: {e.Message}", clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    private async Task ReconcileAsync(ReconciliationRun run, CancellationToken cancellationToken)
    {
        var billDate = run.BillDate;
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
            if (outcome != PaymentOutcome.Applied) continue;
            var detail = $"The {billDate:yyyy-MM-dd} trade bill shows a payment we had not applied; applied from the bill.";
            await PaymentExceptionLog.OpenAsync(db, PaymentExceptionKind.MissedPayment, row.OutTradeNo, detail, now, cancellationToken,
                orderId: order?.Id, outTradeNo: row.OutTradeNo, transactionId: row.TransactionId);
            run.Found(PaymentExceptionKind.MissedPayment, row.OutTradeNo, row.TransactionId, order?.Id, row.OrderFen, detail);
        }

        var start = ChinaTime.StartOf(billDate);
        var billed = paidInBill.Select(r => r.OutTradeNo).ToHashSet();
        var ours = await db.Orders.AsNoTracking().Where(o => o.PaidAt >= start && o.PaidAt < start.AddDays(1)).ToListAsync(cancellationToken);
        foreach (var order in ours.Where(o => !billed.Contains(o.OutTradeNo)))
        {
            var detail = $"We hold this order as paid on {billDate:yyyy-MM-dd}, but WeChat's trade bill does not list it.";
            await PaymentExceptionLog.OpenAsync(db, PaymentExceptionKind.UnknownToWechat, order.OutTradeNo, detail, now, cancellationToken,
                orderId: order.Id, outTradeNo: order.OutTradeNo, transactionId: order.TransactionId);
            run.Found(PaymentExceptionKind.UnknownToWechat, order.OutTradeNo, order.TransactionId, order.Id, order.AmountFen, detail);
        }
        run.Succeeded(bill.Rows.Count, paidInBill.Count, ours.Count, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Reconciled {Date}: {Rows} bill rows, {Ours} of our payments, {Differences} differences", billDate, bill.Rows.Count,
            ours.Count, run.Differences.Count);
    }
}
