using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Core.Delivery;

/// <summary>
/// The one rule of a completed enrollment: its photo is delivered to CHSI and, where the batch sells prints, the
/// prints the fee includes were shipped or handed over. Each half calls in when it is done; the other half is read
/// from the database (it happened in an earlier unit of work). Reprints never hold completion back.
/// </summary>
public static class Completion
{
    /// <summary>These enrollments' photos were delivered (in the caller's unit of work): those whose prints are done too complete.</summary>
    public static async Task<int> PhotoDeliveredAsync(AppDbContext db, IReadOnlyCollection<Guid> enrollmentIds, Actor actor, DateTimeOffset now,
        CancellationToken ct)
    {
        var ids = enrollmentIds.Distinct().ToList();
        var needPrints = await db.Enrollments.Where(e => ids.Contains(e.Id) && e.Batch!.Prints != null).Select(e => e.Id).ToListAsync(ct);
        var printsDone = (await PrintsDone(db, needPrints).ToListAsync(ct)).ToHashSet();
        return await CompleteAsync(db, ids.Where(id => !needPrints.Contains(id) || printsDone.Contains(id)), "photo delivered to CHSI", actor, now, ct);
    }

    /// <summary>These enrollments' included prints were shipped or handed over (in the caller's unit of work): those delivered to CHSI complete.</summary>
    public static async Task<int> PrintsDoneAsync(AppDbContext db, IReadOnlyCollection<Guid> enrollmentIds, string reason, Actor actor, DateTimeOffset now,
        CancellationToken ct)
    {
        var ids = enrollmentIds.Distinct().ToList();
        var delivered = await db.Photos.Where(p => ids.Contains(p.EnrollmentId) && p.Status == PhotoStatus.Approved && p.Delivery == DeliveryStatus.Delivered)
            .Select(p => p.EnrollmentId).Distinct().ToListAsync(ct);
        return await CompleteAsync(db, delivered, reason, actor, now, ct);
    }

    /// <summary>Enrollments whose included prints are in a parcel or pack that was shipped or handed over.</summary>
    private static IQueryable<Guid> PrintsDone(AppDbContext db, List<Guid> ids) =>
        from i in db.PrintItems
        join p in db.Parcels on i.ParcelId equals p.Id
        where ids.Contains(i.EnrollmentId) && i.Kind == PrintItemKind.Included && (p.Status == ParcelStatus.Shipped || p.Status == ParcelStatus.HandedOver)
        select i.EnrollmentId;

    private static async Task<int> CompleteAsync(AppDbContext db, IEnumerable<Guid> ids, string reason, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var list = ids.ToList();
        if (list.Count == 0) return 0;
        var completed = 0;
        // Tracked enrollments may have completed earlier in this unit of work: their state in memory decides.
        foreach (var enrollment in (await db.Enrollments.Where(e => list.Contains(e.Id)).ToListAsync(ct)).Where(e => e.Status == EnrollmentStatus.Active))
        {
            db.StatusChanges.Add(enrollment.Completed(reason, actor, now));
            completed++;
        }
        return completed;
    }
}
