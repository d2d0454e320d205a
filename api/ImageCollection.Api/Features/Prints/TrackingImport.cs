using System.Text.RegularExpressions;
using ImageCollection.Core.Data;
using ImageCollection.Core.Delivery;
using ImageCollection.Core.Documents;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Prints;

/// <summary>
/// Tracking numbers back from the courier (CSV or xlsx: parcel reference, courier, tracking number): every row is
/// checked first and one bad row refuses the file whole; then each parcel is shipped, its student told (an
/// order-status message with courier and number), and enrollments whose photo is delivered too are completed, in one
/// transaction. Importing the same file again changes nothing.
/// </summary>
public sealed partial class TrackingImport(AppDbContext db)
{
    public sealed record TrackingSummary(int Rows, int Shipped, int Unchanged, int EnrollmentsCompleted);

    public async Task<TrackingSummary> ApplyAsync(PackageJob run, IReadOnlyList<TableRow> rows, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var parcels = await db.Parcels.Where(p => p.RunId == run.Id).ToDictionaryAsync(p => p.Reference, StringComparer.OrdinalIgnoreCase, ct);
        var errors = new List<RowError>();
        if (rows.Count == 0) errors.Add(new RowError(1, "", "文件没有数据行：第一行为列名（订单号、快递公司、快递单号）。"));
        var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var changes = new List<(Parcel Parcel, string Courier, string Number)>();
        foreach (var row in rows)
        {
            var reference = row.Get("订单号", "包裹号", "parcelReference", "reference");
            var courier = row.Get("快递公司", "courier");
            var number = row.Get("快递单号", "运单号", "trackingNumber", "tracking");
            var before = errors.Count;
            if (reference.Length == 0) errors.Add(new RowError(row.Number, "订单号", "缺少包裹订单号。"));
            else if (seen.TryGetValue(reference, out var first)) errors.Add(new RowError(row.Number, "订单号", $"与第 {first} 行是同一包裹。"));
            else if (!parcels.TryGetValue(reference, out var parcel))
                errors.Add(new RowError(row.Number, "订单号", "本印制批次没有此订单号的包裹。"));
            else if (parcel.Kind != ParcelKind.Post) errors.Add(new RowError(row.Number, "订单号", "班级包裹交给学校，不走快递。"));
            else if (parcel.Status == ParcelStatus.Shipped && (parcel.TrackingNumber != number || parcel.Courier != courier))
                errors.Add(new RowError(row.Number, "快递单号", $"已由 {parcel.Courier} {parcel.TrackingNumber} 发出。"));
            if (courier.Length is 0 or > 40 || courier.Any(char.IsControl))
                errors.Add(new RowError(row.Number, "快递公司", "缺少快递公司，或超过 40 个字符。"));
            if (number.Length == 0 || !TrackingPattern().IsMatch(number))
                errors.Add(new RowError(row.Number, "快递单号", "快递单号为 6 至 40 个字母、数字或“-”。"));
            if (reference.Length > 0) seen.TryAdd(reference, row.Number);
            if (errors.Count == before) changes.Add((parcels[reference], courier, number));
        }
        if (errors.Count > 0)
            throw new DomainException(DomainErrorKind.Unprocessable, "tracking.invalid",
                $"{errors.Count} problems in the file; nothing was applied. Correct them and upload the whole file again.",
                new Dictionary<string, object?> { ["errors"] = errors.Take(200).ToList() });

        var shipped = changes.Select(c => (c.Parcel, Change: c.Parcel.Shipped(c.Courier, c.Number, actor, now))).Where(c => c.Change is not null).ToList();
        db.StatusChanges.AddRange(shipped.Select(c => c.Change!));
        var enrollmentIds = shipped.Select(c => c.Parcel.EnrollmentId!.Value).ToList();
        var recipients = await (from e in db.Enrollments
                                join s in db.Students on e.StudentId equals s.Id
                                where enrollmentIds.Contains(e.Id)
                                select new { e.Id, s.OpenId }).ToDictionaryAsync(x => x.Id, x => x.OpenId, ct);
        var orders = await db.Orders.Where(o => enrollmentIds.Contains(o.EnrollmentId) && o.Purpose == OrderPurpose.Collection && o.PaidAt != null)
            .Select(o => new { o.EnrollmentId, o.OutTradeNo, o.PaidAt }).ToListAsync(ct);
        foreach (var (parcel, _) in shipped)
        {
            if (!recipients.TryGetValue(parcel.EnrollmentId!.Value, out var openId)) continue; // a walk-up student who never claimed the enrollment
            var order = orders.Where(o => o.EnrollmentId == parcel.EnrollmentId).MaxBy(o => o.PaidAt)?.OutTradeNo;
            db.StudentMessages.Add(StudentMessages.PrintsShipped(parcel, openId, order ?? parcel.Reference, now));
        }
        var parcelIds = shipped.Select(c => c.Parcel.Id).ToList();
        var withIncluded = await db.PrintItems.Where(i => parcelIds.Contains(i.ParcelId!.Value) && i.Kind == PrintItemKind.Included)
            .Select(i => i.EnrollmentId).ToListAsync(ct);
        var completed = await Completion.PrintsDoneAsync(db, withIncluded, "prints shipped", actor, now, ct);
        db.AuditEntries.Add(new AuditEntry(actor, "print_run.tracking_imported", nameof(PackageJob), run.Id, null,
            new { Rows = rows.Count, Shipped = shipped.Count, EnrollmentsCompleted = completed }, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("tracking.concurrent", "Parcels of this run changed at the same moment; upload the file again.");
        }
        return new TrackingSummary(rows.Count, shipped.Count, changes.Count - shipped.Count, completed);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{6,40}$")]
    private static partial Regex TrackingPattern();
}
