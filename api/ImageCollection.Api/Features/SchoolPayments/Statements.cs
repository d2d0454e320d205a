using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using static ImageCollection.Api.Features.SchoolPayments.StatementsApi;

namespace ImageCollection.Api.Features.SchoolPayments;

/// <summary>A batch's statement, computed from who has a photo (<see cref="Photo.ServiceGiven"/>) and what was recorded against each line.</summary>
public static class Statements
{
    private static readonly EnrollmentStatus[] Live = [EnrollmentStatus.Active, EnrollmentStatus.Completed];

    /// <summary>A statement line's key; a missing department or class is the empty string (so that a payment against it keeps its line).</summary>
    public static StatementGroup Group(string? department, string? className) => new(department?.Trim() ?? "", className?.Trim() ?? "");

    private static string? OrNull(string? text) => string.IsNullOrEmpty(text) ? null : text;

    public static bool Is(this StatementLine line, StatementGroup group) => Group(line.Department, line.ClassName) == group;

    private static IQueryable<Enrollment> Photographed(AppDbContext db, Guid batchId) =>
        db.Enrollments.Where(e => e.BatchId == batchId && Live.Contains(e.Status)
                                  && db.Photos.Where(p => p.EnrollmentId == e.Id).Any(Photo.ServiceGiven));

    /// <summary>
    /// A line's paid amount: the payments recorded against it, and the fee of each of its students that a payment for
    /// chosen enrollments or a major (recorded without a line) covers.
    /// </summary>
    public static async Task<StatementView> ComputeAsync(AppDbContext db, Batch batch, CancellationToken ct)
    {
        var students = await Photographed(db, batch.Id).Select(e => new { e.Id, e.Identity.Major, e.Identity.ClassName }).ToListAsync(ct);
        var payments = await db.SchoolPayments.AsNoTracking().Include(p => p.Enrollments).Where(p => p.BatchId == batch.Id)
            .OrderBy(p => p.RecordedAt).ToListAsync(ct);
        var coveredWithoutLine = payments.Where(p => p.Group is null).SelectMany(p => p.Enrollments).Select(e => e.EnrollmentId).ToHashSet();
        var lines = students.GroupBy(x => Group(x.Major, x.ClassName)).OrderBy(g => g.Key.Department).ThenBy(g => g.Key.ClassName).Select(g =>
        {
            var total = g.Count() * batch.FeeFen;
            var paid = payments.Where(p => p.Group == g.Key).Sum(p => p.AmountFen) + g.Count(x => coveredWithoutLine.Contains(x.Id)) * batch.FeeFen;
            return new StatementLine(OrNull(g.Key.Department), OrNull(g.Key.ClassName), g.Count(), batch.FeeFen, total, paid, Math.Max(0, total - paid));
        }).ToList();
        return new StatementView(batch.Id, batch.FeatureCode, batch.School!.Name, batch.Payer, batch.FeeFen, lines, lines.Sum(l => l.Photographed),
            lines.Sum(l => l.TotalFen), payments.Sum(p => p.AmountFen), lines.Sum(l => l.DueFen),
            payments.Select(p => new StatementPayment(p.Id, OrNull(p.Group?.Department), OrNull(p.Group?.ClassName), p.AmountFen, p.Reference,
                p.RecordedAt.ToChina())).ToList());
    }

    /// <summary>The same transfer is recorded once per batch, whichever way it is recorded.</summary>
    public static async Task EnsureNewReferenceAsync(AppDbContext db, Guid batchId, string reference, CancellationToken ct)
    {
        if (await db.SchoolPayments.AnyAsync(p => p.BatchId == batchId && p.Reference == reference.Trim(), ct))
            throw DomainException.Conflict("school_payment.duplicate_reference", "A payment with this reference is recorded for this batch already.");
    }

    /// <summary>The line's photographed students no school payment covers yet.</summary>
    public static async Task<List<Guid>> UncoveredAsync(AppDbContext db, Guid batchId, StatementGroup group, CancellationToken ct) =>
        (await Photographed(db, batchId).Where(e => !db.SchoolPaymentEnrollments.Any(s => s.EnrollmentId == e.Id))
            .Select(e => new { e.Id, e.Identity.Major, e.Identity.ClassName }).ToListAsync(ct))
        .Where(x => Group(x.Major, x.ClassName) == group).Select(x => x.Id).ToList();
}
