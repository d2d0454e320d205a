using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.PaymentExceptions;

/// <summary>
/// The reconciliation runs support looks back on: which day's bill, how it went, what it compared, and each difference
/// with the state of the payment exception it opened (the same problem found again points at the same exception).
/// </summary>
public static class ReconciliationRuns
{
    public sealed record ReconciliationDifferenceView(Guid Id, PaymentExceptionKind Kind, string OutTradeNo, string? TransactionId, Guid? OrderId,
        long AmountFen, string Detail, Guid? PaymentExceptionId, PaymentExceptionStatus? PaymentExceptionStatus);

    public sealed record ReconciliationRunView(Guid Id, DateOnly BillDate, ReconciliationRunStatus Status, string RequestedByType,
        DateTimeOffset RequestedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int BillRows, int BillPayments, int OurPayments,
        int DifferenceCount, string? Error, IReadOnlyList<ReconciliationDifferenceView> Differences);

    public static ReconciliationRunView ToView(ReconciliationRun r, IReadOnlyList<ReconciliationDifferenceView> differences) => new(r.Id, r.BillDate,
        r.Status, r.RequestedByType, r.RequestedAt.ToChina(), r.StartedAt.ToChina(), r.FinishedAt.ToChina(), r.BillRows, r.BillPayments, r.OurPayments,
        differences.Count, r.Error, differences);

    public static async Task<Ok<List<ReconciliationRunView>>> List(DateOnly? billDate, int? limit, AppDbContext db, CancellationToken ct)
    {
        var query = db.ReconciliationRuns.AsNoTracking();
        if (billDate is not null) query = query.Where(r => r.BillDate == billDate);
        var runs = await query.OrderByDescending(r => r.RequestedAt).Take(Math.Clamp(limit ?? 30, 1, 100)).ToListAsync(ct);
        var ids = runs.Select(r => r.Id).ToList();
        var differences = await db.ReconciliationDifferences.AsNoTracking().Where(d => ids.Contains(d.RunId)).OrderBy(d => d.OutTradeNo).ToListAsync(ct);
        var keys = differences.Select(d => Core.PaymentExceptions.PaymentExceptionLog.Key(d.Kind, d.OutTradeNo)).Distinct().ToList();
        var exceptions = await db.PaymentExceptions.AsNoTracking().Where(e => keys.Contains(e.DedupKey))
            .Select(e => new { e.DedupKey, e.Id, e.Status }).ToDictionaryAsync(e => e.DedupKey, ct);
        ReconciliationDifferenceView View(ReconciliationDifference d)
        {
            var e = exceptions.GetValueOrDefault(Core.PaymentExceptions.PaymentExceptionLog.Key(d.Kind, d.OutTradeNo));
            return new(d.Id, d.Kind, d.OutTradeNo, d.TransactionId, d.OrderId, d.AmountFen, d.Detail, e?.Id, e?.Status);
        }
        var byRun = differences.ToLookup(d => d.RunId);
        return TypedResults.Ok(runs.Select(r => ToView(r, byRun[r.Id].Select(View).ToList())).ToList());
    }
}
