using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Core.Messaging;

public static class ReviewMessages
{
    /// <summary>
    /// Adds the 审核结果通知 for a photo's new status to the caller's unit of work (sent once it commits), to the student
    /// the enrollment belongs to now: a walk-up student who has not claimed it in the mini-program gets none.
    /// </summary>
    public static async Task AddReviewResultAsync(this AppDbContext db, Photo photo, DateTimeOffset now, CancellationToken ct)
    {
        var to = await (from e in db.Enrollments
                        where e.Id == photo.EnrollmentId
                        join s in db.Students on e.StudentId equals s.Id
                        join b in db.Batches on e.BatchId equals b.Id
                        select new { s.OpenId, b.FeatureCode }).SingleOrDefaultAsync(ct);
        if (to is null) return;
        db.StudentMessages.Add(StudentMessages.ReviewResult(photo, to.OpenId, to.FeatureCode, now));
    }
}
