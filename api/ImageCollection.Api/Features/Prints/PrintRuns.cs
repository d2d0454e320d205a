using ImageCollection.Core.Data;
using ImageCollection.Core.Delivery;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Prints;

/// <summary>
/// Plans a print run in one transaction: students with an approved photo get the prints the fee includes (once),
/// paid reprints waiting since the last run join them, and each is taken into a parcel (posted batches: one per
/// student, with the address as it is now; a student without an address waits for the next run) or into the pack of
/// their department and class. The worker then renders the sheets; the parcels exist from here on.
/// </summary>
public sealed class PrintRuns(AppDbContext db)
{
    public sealed record Planned(PackageJob Run, int Students, int Sheets, int Parcels, int WithoutAddress);

    public async Task<Planned> PlanAsync(Batch batch, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var offer = batch.Prints ?? throw DomainException.Conflict("prints.not_sold", "This batch sells no prints: set its print terms first.");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One plan of a batch at a time: the second waits, then sees the first one's run in progress.
        await db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock(hashtextextended({"prints:" + batch.Id}, 0))", ct);
        if (await db.PackageJobs.AnyAsync(p => p.BatchId == batch.Id && p.Kind == PackageKind.Prints
                                               && (p.Status == BulkJobStatus.Queued || p.Status == BulkJobStatus.Running), ct))
            throw DomainException.Conflict("prints.run_in_progress", "A print run of this batch is still being rendered: wait until it is done.");

        var students = (await BatchProgress.StudentsAsync(db, batch.Id, ct))
            .Where(s => s.Enrollment is { Status: EnrollmentStatus.Active or EnrollmentStatus.Completed } && s.IsApproved
                        && s.Photo?.NormalisedKey is not null)
            .ToDictionary(s => s.Enrollment!.Id);
        var ids = students.Keys.ToList();
        var included = (await db.PrintItems.Where(i => ids.Contains(i.EnrollmentId) && i.Kind == PrintItemKind.Included)
            .Select(i => i.EnrollmentId).ToListAsync(ct)).ToHashSet();
        foreach (var id in ids.Where(id => !included.Contains(id)))
            db.PrintItems.Add(new PrintItem(batch.Id, id, PrintItemKind.Included, offer.Copies, null, now));
        await db.SaveChangesAsync(ct);

        // Waiting: never printed, of a student with an approved photo; a reprint only while its order still pays for it.
        var waiting = await (from i in db.PrintItems
                             where i.BatchId == batch.Id && i.RunId == null && ids.Contains(i.EnrollmentId)
                                   && (i.Kind == PrintItemKind.Included || db.Orders.Any(o => o.Id == i.OrderId && Order.PaidStatuses.Contains(o.Status)
                                       && o.RefundCommittedFen == 0))
                             orderby i.CreatedAt
                             select i).ToListAsync(ct);
        var enrollments = await db.Enrollments.Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var run = new PackageJob(PackageKind.Prints, batch.Id, actor, now);
        var format = offer.Format;
        var parcels = new List<Parcel>();
        var withoutAddress = 0;
        var sequence = await db.Parcels.CountAsync(p => p.BatchId == batch.Id, ct);
        string NextReference() => $"{batch.FeatureCode}{++sequence:D5}";
        if (offer.Delivery == PrintDelivery.Post)
        {
            foreach (var group in waiting.GroupBy(i => i.EnrollmentId))
            {
                if (enrollments[group.Key].Shipping is not { } address)
                {
                    withoutAddress++;
                    continue;
                }
                var parcel = Parcel.Posted(batch.Id, run.Id, NextReference(), group.Key, Copy(address),
                    PrintOffer.Contents(format, group.Sum(i => i.Copies)), now);
                parcels.Add(parcel);
                foreach (var item in group) item.TakenInto(run.Id, parcel.Id);
            }
        }
        else
        {
            foreach (var pack in waiting.GroupBy(i => (students[i.EnrollmentId].Department, students[i.EnrollmentId].ClassName))
                         .OrderBy(g => g.Key.Department).ThenBy(g => g.Key.ClassName))
            {
                var parcel = Parcel.ClassPack(batch.Id, run.Id, NextReference(), pack.Key.Department, pack.Key.ClassName,
                    $"{pack.Select(i => i.EnrollmentId).Distinct().Count()} 人 {PrintOffer.Contents(format, pack.Sum(i => i.Copies))}", now);
                parcels.Add(parcel);
                foreach (var item in pack) item.TakenInto(run.Id, parcel.Id);
            }
        }
        var taken = waiting.Where(i => i.RunId == run.Id).ToList();
        if (taken.Count == 0)
            throw DomainException.Conflict("prints.nothing_to_print", withoutAddress > 0
                ? $"Nothing to print: {withoutAddress} students with approved photos have not given their shipping address yet."
                : "Nothing to print: no approved photo of this batch waits for its prints.");
        var sheets = taken.GroupBy(i => i.EnrollmentId).Sum(g => format.SheetsFor(g.Sum(i => i.Copies)));
        run.Planned(sheets);
        db.PackageJobs.Add(run);
        db.Parcels.AddRange(parcels);
        db.AuditEntries.Add(new AuditEntry(actor, "print_run.requested", nameof(PackageJob), run.Id, null,
            new { batchId = batch.Id, Items = taken.Count, Sheets = sheets, Parcels = parcels.Count, WithoutAddress = withoutAddress }, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new Planned(run, taken.Select(i => i.EnrollmentId).Distinct().Count(), sheets, parcels.Count, withoutAddress);
    }

    private static ShippingAddress Copy(ShippingAddress a) => new()
    {
        RecipientName = a.RecipientName, Phone = a.Phone with { }, Province = a.Province, City = a.City, District = a.District, Street = a.Street,
    };
}
