using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Features.Enrollments;

/// <summary>Rules that look beyond the enrollment row itself.</summary>
public static class EnrollmentGuards
{
    /// <summary>
    /// A student can withdraw an enrollment that is active and has no payment and no photo. Payments and photos come
    /// with their own issues, which extend this check; a paid enrollment is left through a refund instead.
    /// </summary>
    public static Task EnsureWithdrawableAsync(AppDbContext db, Enrollment enrollment, CancellationToken ct)
    {
        if (enrollment.Status != EnrollmentStatus.Active)
            throw DomainException.Conflict("enrollment.not_active", "Only an active enrollment can be withdrawn.");
        return Task.CompletedTask;
    }
}
