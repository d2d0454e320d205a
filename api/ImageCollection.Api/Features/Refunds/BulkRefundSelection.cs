using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Features.Refunds;

/// <summary>Who a bulk refund refunds, and who it lists instead.</summary>
public static class BulkRefundSelection
{
    /// <summary>Paid WeChat orders with something left to refund, of active enrollments of the batch that have no photo.</summary>
    public static IQueryable<Order> OrdersToRefund(AppDbContext db, Guid batchId) =>
        db.Orders.Where(Order.Refundable)
            .Where(o => db.Enrollments.Any(e => e.Id == o.EnrollmentId && e.BatchId == batchId && e.Status == EnrollmentStatus.Active)
                        && !db.Photos.Where(p => p.EnrollmentId == o.EnrollmentId).Any(Photo.ServiceGiven));

    public static IQueryable<Guid> SchoolPaidEnrollments(AppDbContext db, Guid batchId) =>
        db.SchoolPaymentEnrollments.Where(s => db.Enrollments.Any(e => e.Id == s.EnrollmentId && e.BatchId == batchId && e.Status == EnrollmentStatus.Active))
            .Select(s => s.EnrollmentId);
}
