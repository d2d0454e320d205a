using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Refunds;

public static class RefundRules
{
    /// <summary>A captured (on-site) photo, or an uploaded one in progress or approved: the service was given or is being given.</summary>
    public static Task<bool> HasPhotoAsync(AppDbContext db, Guid enrollmentId, CancellationToken ct) =>
        db.Photos.AnyAsync(p => p.EnrollmentId == enrollmentId
            && ((p.Source == PhotoSource.Onsite && p.Status != PhotoStatus.Withdrawn) || Photo.InProgressOrApproved.Contains(p.Status)), ct);
}
