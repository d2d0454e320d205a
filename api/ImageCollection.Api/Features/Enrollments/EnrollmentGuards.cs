using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Orders;
using ImageCollection.Core.Photos;

namespace ImageCollection.Api.Features.Enrollments;

/// <summary>Rules that look beyond the enrollment row itself.</summary>
public static class EnrollmentGuards
{
    /// <summary>
    /// A student can withdraw an active enrollment that has no payment and no photo; a paid one is left through a
    /// refund instead. An unpaid order is closed by the caller (after a query) once the enrollment is withdrawn.
    /// </summary>
    public static async Task EnsureWithdrawableAsync(AppDbContext db, Enrollment enrollment, CancellationToken ct)
    {
        if (enrollment.Status != EnrollmentStatus.Active)
            throw DomainException.Conflict("enrollment.not_active", "Only an active enrollment can be withdrawn.");
        if (await db.IsPaidAsync(enrollment.Id, ct))
            throw DomainException.Conflict("enrollment.paid", "This enrollment is paid: ask for a refund instead of withdrawing.");
        if (await db.HasPhotoAsync(enrollment.Id, ct))
            throw DomainException.Conflict("enrollment.has_photo", "This enrollment has a photo taken or in progress and cannot be withdrawn.");
    }
}
