using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Orders;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Photos;

/// <summary>
/// When a student may upload: paid, in an open online/walk-in/make-up batch, in its window, within its limits; or, after
/// CHSI's comparison failed, once more whatever the batch and its window.
/// </summary>
public static class UploadRules
{
    /// <summary>Checks everything that does not need the file; returns the number this submission will have.</summary>
    public static async Task<int> EnsureCanUploadAsync(AppDbContext db, Enrollment enrollment, DateTimeOffset now, CancellationToken ct)
    {
        var batch = enrollment.Batch!;
        if (enrollment.Status != EnrollmentStatus.Active)
            throw DomainException.Conflict("enrollment.not_active", "This enrollment is no longer active.");
        var photos = await db.Photos.AsNoTracking().Where(p => p.EnrollmentId == enrollment.Id).ToListAsync(ct);
        // CHSI's comparison failed: one new photo outside the window and the limits (still paid, nothing to pay again).
        var free = enrollment.FreePhotoSince is { } since && !photos.Any(p => p.CreatedAt >= since);
        if (!free)
        {
            if (batch.CollectionType == CollectionType.Onsite)
                throw DomainException.Conflict("photo.onsite_batch", "This is an on-site batch: you are photographed at the collection point.");
            if (!batch.IsOpen || batch.HasEnded(now))
                throw DomainException.Conflict("photo.collection_closed", "The collection window of this batch has closed.");
            if (!batch.InCollectionWindow(now))
                throw DomainException.Conflict("photo.collection_not_open", "The collection window of this batch has not opened yet.");
        }
        if (!await db.IsPaidAsync(enrollment.Id, ct))
            throw DomainException.Conflict("photo.not_paid", "Pay for this enrollment before uploading a photo.");

        if (photos.Any(p => Photo.InProgressOrApproved.Contains(p.Status)))
            throw DomainException.Conflict("photo.in_progress", "A photo is already being checked, waiting for review or approved.");
        // A withdrawn upload was a submission too; a file nobody could read (or check) was not.
        var submissions = photos.Count(p => p.Source == PhotoSource.Upload && p.CountsAsSubmission);
        if (free) return submissions + 1;
        if (submissions >= batch.SubmissionLimit)
            throw DomainException.Conflict("photo.limit_reached", $"This batch accepts {batch.SubmissionLimit} photos per student; contact support.");
        var lastRejection = photos.Where(p => p.CountsAsRejection).Select(p => p.ReviewedAt ?? p.CheckedAt ?? p.UpdatedAt).DefaultIfEmpty().Max();
        if (lastRejection != default && now > lastRejection + batch.ResubmissionWindow)
            throw DomainException.Conflict("photo.resubmission_closed",
                $"A new photo was due within {(int)batch.ResubmissionWindow.TotalHours} hours of the rejection; contact support.");
        return submissions + 1;
    }
}
