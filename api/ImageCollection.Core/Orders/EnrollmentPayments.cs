using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Core.Orders;

/// <summary>
/// "Paid" is derived, never stored: an enrollment is paid when it has a paid (or partially refunded) order whose
/// refunds have not consumed its whole amount, or when a school payment covers it.
/// </summary>
public static class EnrollmentPayments
{
    public static IQueryable<Guid> PaidEnrollmentIds(this AppDbContext db) =>
        db.Orders.Where(Order.Paying)
            .Select(o => o.EnrollmentId)
            .Union(db.SchoolPaymentEnrollments.Select(s => s.EnrollmentId));

    /// <summary>
    /// The same rule as <see cref="PaidEnrollmentIds"/> for one enrollment, as two index lookups: PostgreSQL evaluates
    /// <c>$1 IN (… UNION …)</c> by building the whole union, a scan of every paid order (README, Performance).
    /// </summary>
    public static async Task<bool> IsPaidAsync(this AppDbContext db, Guid enrollmentId, CancellationToken ct, Guid? exceptOrderId = null) =>
        await db.Orders.Where(o => o.EnrollmentId == enrollmentId && o.Id != exceptOrderId).AnyAsync(Order.Paying, ct)
        || await db.SchoolPaymentEnrollments.AnyAsync(s => s.EnrollmentId == enrollmentId, ct);

    /// <summary>Which of these enrollments are paid, by the same rule, in one query of index lookups.</summary>
    public static async Task<HashSet<Guid>> PaidAmongAsync(this AppDbContext db, Guid[] enrollmentIds, CancellationToken ct) =>
        (await db.Orders.Where(o => enrollmentIds.Contains(o.EnrollmentId)).Where(Order.Paying).Select(o => o.EnrollmentId)
            .Concat(db.SchoolPaymentEnrollments.Where(s => enrollmentIds.Contains(s.EnrollmentId)).Select(s => s.EnrollmentId))
            .ToListAsync(ct)).ToHashSet();

    /// <summary>
    /// The enrollments of a query that are paid, by the same rule, as correlated index lookups (a membership test
    /// against <see cref="PaidEnrollmentIds"/> would build the whole union first).
    /// </summary>
    public static IQueryable<Enrollment> Paid(this IQueryable<Enrollment> enrollments, AppDbContext db) =>
        enrollments.Where(e => db.Orders.Where(o => o.EnrollmentId == e.Id).Any(Order.Paying)
                               || db.SchoolPaymentEnrollments.Any(s => s.EnrollmentId == e.Id));

    /// <summary>Fee and payer of a batch lock once anyone in it is paid.</summary>
    public static Task<bool> AnyonePaidAsync(this AppDbContext db, Guid batchId, CancellationToken ct) =>
        db.Enrollments.Where(e => e.BatchId == batchId).Paid(db).AnyAsync(ct);
}
