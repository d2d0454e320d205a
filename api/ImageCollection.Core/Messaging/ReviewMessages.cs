using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Core.Messaging;

public static class ReviewMessages
{
    /// <summary>Adds the 审核结果通知 for a photo's new status to the caller's unit of work (sent once it commits).</summary>
    public static async Task AddReviewResultAsync(this AppDbContext db, Photo photo, DateTimeOffset now, CancellationToken ct)
    {
        var to = await db.Students.Where(s => s.Id == photo.StudentId)
            .Select(s => new { s.OpenId, FeatureCode = db.Batches.Where(b => b.Id == photo.BatchId).Select(b => b.FeatureCode).First() })
            .SingleAsync(ct);
        db.StudentMessages.Add(StudentMessages.ReviewResult(photo, to.OpenId, to.FeatureCode, now));
    }
}
