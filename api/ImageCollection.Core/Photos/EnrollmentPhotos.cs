using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Core.Photos;

public static class EnrollmentPhotos
{
    /// <summary>Whether the enrollment has a photo (<see cref="Photo.ServiceGiven"/>).</summary>
    public static Task<bool> HasPhotoAsync(this AppDbContext db, Guid enrollmentId, CancellationToken ct) =>
        db.Photos.Where(p => p.EnrollmentId == enrollmentId).AnyAsync(Photo.ServiceGiven, ct);
}
