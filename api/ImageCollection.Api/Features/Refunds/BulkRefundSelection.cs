using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Features.Refunds;

/// <summary>Who a bulk refund refunds, and who it lists instead.</summary>
public static class BulkRefundSelection
{
    private static readonly PhotoStatus[] Live = Photo.InProgressOrApproved;

    /// <summary>
    /// Paid WeChat orders with something left to refund, of active enrollments with no captured (on-site) photo and no
    /// photo uploaded, checking, pending review or approved.
    /// </summary>
    public static IQueryable<Order> OrdersToRefund(AppDbContext db, Guid batchId) =>
        db.Orders.Where(o => (o.Status == OrderStatus.Paid || o.Status == OrderStatus.PartiallyRefunded) && o.RefundCommittedFen < o.AmountFen
            && db.Enrollments.Any(e => e.Id == o.EnrollmentId && e.BatchId == batchId && e.Status == EnrollmentStatus.Active)
            && !db.Photos.Any(p => p.EnrollmentId == o.EnrollmentId
                                   && ((p.Source == PhotoSource.Onsite && p.Status != PhotoStatus.Withdrawn) || Live.Contains(p.Status))));

    public static IQueryable<Guid> SchoolPaidEnrollments(AppDbContext db, Guid batchId) =>
        db.SchoolPaymentEnrollments.Where(s => db.Enrollments.Any(e => e.Id == s.EnrollmentId && e.BatchId == batchId && e.Status == EnrollmentStatus.Active))
            .Select(s => s.EnrollmentId);
}
