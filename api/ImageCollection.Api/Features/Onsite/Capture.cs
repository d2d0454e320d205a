using Hangfire;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Onsite;

/// <summary>
/// The photo of a shot, from the station's camera. A station that lost its network sends its captures later, each with
/// its own capture id: the same capture sent again answers the photo stored the first time and stores nothing. A new
/// capture of a shot whose photo nobody has reviewed yet is a retake: it replaces that photo (withdrawn, audited). An
/// approved photo is locked; after a rejection or a failed check the new capture is simply the shot's next photo.
/// </summary>
public sealed class Capture(AppDbContext db, PhotoIntake intake, IObjectStore store, IBackgroundJobClient jobs, TimeProvider clock)
{
    public sealed record Result(Photo Photo, bool Created);

    public async Task<Result?> RunAsync(Guid shotId, string? captureId, HttpContext http, Guid staffId, bool isAdmin, CancellationToken ct)
    {
        var shot = await db.Shots.SingleOrDefaultAsync(s => s.Id == shotId, ct);
        if (shot is null) return null;
        if (captureId is not null && await SameCaptureAsync(shotId, captureId, ct) is { } earlier) return new Result(earlier, false);
        await StationAccess.EnsureAssignedAsync(db, shot.SessionId, shot.Station, staffId, isAdmin, ct);
        var current = shot.PhotoId is { } currentId ? await db.Photos.SingleAsync(p => p.Id == currentId, ct) : null;
        if (current?.Status == PhotoStatus.Approved)
            throw DomainException.Conflict("onsite.locked", "This shot's photo has been approved: it is locked and is not retaken.");
        var enrollment = await db.Enrollments.SingleAsync(e => e.Id == shot.EnrollmentId, ct);
        if (enrollment.Status is EnrollmentStatus.Withdrawn or EnrollmentStatus.Refunded)
            throw DomainException.Conflict("enrollment.not_active", "This enrollment was withdrawn or refunded.");

        var photoId = Guid.CreateVersion7();
        var original = await intake.StoreAsync(http, PhotoKeys.Original(enrollment, photoId), ct);
        var now = clock.GetUtcNow();
        var actor = Actor.Staff(staffId);
        var submission = await db.Photos.CountAsync(p => p.EnrollmentId == enrollment.Id, ct) + 1;
        var photo = new Photo(photoId, enrollment, PhotoSource.Onsite, submission, original, new OnsiteShot
        {
            ShotId = shot.Id, CaptureId = captureId, SessionId = shot.SessionId, Station = shot.Station, ShotNumber = shot.Number,
            PhotographerId = staffId,
        }, now);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            if (current is { AwaitsReview: true })
            {
                // Withdrawn first, in its own statement: the new photo then takes the enrollment's one live place.
                db.StatusChanges.Add(current.ReplacedByRetake(actor, now));
                db.AuditEntries.Add(new AuditEntry(actor, "photo.retaken", nameof(Photo), current.Id, null, new { ReplacedBy = photo.Id }, now));
                await db.SaveChangesAsync(ct);
            }
            db.Photos.Add(photo);
            shot.Captured(photo.Id);
            db.AuditEntries.Add(new AuditEntry(actor, "photo.captured", nameof(Photo), photo.Id, null,
                new { shot.SessionId, shot.Station, ShotNumber = shot.Number, photo.OriginalSha256, CaptureId = captureId }, now));
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            await store.DeleteAsync(original.Key, CancellationToken.None);
            db.ChangeTracker.Clear();
            // The same capture arriving twice at once: the other request stored it.
            if (captureId is not null && await SameCaptureAsync(shotId, captureId, ct) is { } stored) return new Result(stored, false);
            throw DomainException.Conflict("onsite.already_captured", "Another photo of this student was captured at the same moment.");
        }
        catch (DbUpdateConcurrencyException)
        {
            await store.DeleteAsync(original.Key, CancellationToken.None);
            throw DomainException.Conflict("concurrency.conflict", "The shot's photo changed at the same moment (reviewed, or captured again); scan again.");
        }
        jobs.Enqueue<IPhotoJobs>(j => j.CheckAsync(photo.Id, CancellationToken.None));
        return new Result(photo, true);
    }

    private Task<Photo?> SameCaptureAsync(Guid shotId, string captureId, CancellationToken ct) =>
        db.Photos.AsNoTracking().SingleOrDefaultAsync(p => p.Shot!.ShotId == shotId && p.Shot.CaptureId == captureId, ct);
}
