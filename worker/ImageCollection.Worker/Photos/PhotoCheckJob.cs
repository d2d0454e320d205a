using System.Text.Json;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Hosting;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Messaging;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;
using ImageCollection.Worker.Compliance;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Worker.Photos;

/// <summary>
/// The automatic check of one photo. Taking the photo (uploaded → checking) is guarded by its row version, so two
/// workers never check it at once; a worker that dies leaves it in checking, and the sweeper hands it on after the lease.
/// </summary>
public sealed class PhotoCheckJob(AppDbContext db, IObjectStore store, PhotoChecker checker,
    IOptions<JobsOptions> jobOptions, IOptions<PhotosOptions> photoOptions, AppMetrics metrics, TimeProvider clock,
    ILogger<PhotoCheckJob> logger)
{
    private static readonly Actor Worker = new("system", null);

    public async Task CheckAsync(Guid photoId, CancellationToken ct)
    {
        var photo = await db.Photos.SingleOrDefaultAsync(p => p.Id == photoId, ct);
        if (photo is null || !await TakeAsync(photo, ct)) return;
        var maxAttempts = photoOptions.Value.MaxCheckAttempts;
        if (photo.CheckAttempts > maxAttempts)
        {
            await GiveUpAsync(photo, photo.CheckAttempts - 1, ct);
            return;
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var original = new MemoryStream();
        await store.GetAsync(photo.OriginalKey, original, ct);
        var batch = await db.Batches.AsNoTracking().SingleAsync(b => b.Id == photo.BatchId, ct);
        PhotoCheckReport report;
        try
        {
            report = checker.Check(original.ToArray(), new PhotoCheckOverrides(batch.AllowedBackgrounds));
        }
        catch (Exception e) when (e is not OperationCanceledException && photo.CheckAttempts >= maxAttempts)
        {
            logger.LogWarning(e, "Checking photo {PhotoId} failed on attempt {Attempt} of {Max}; giving up", photoId, photo.CheckAttempts, maxAttempts);
            await GiveUpAsync(photo, photo.CheckAttempts, ct);
            return;
        }
        var checks = report.Checks.Concat(await DuplicateChecksAsync(photo, report.PHash, ct)).ToList();
        var verdict = PhotoCheckReport.VerdictOf(checks);

        string? normalisedKey = null;
        if (report.NormalisedJpeg is { } jpeg)
        {
            normalisedKey = PhotoKeys.Normalised(photo);
            await store.PutAsync(normalisedKey, new MemoryStream(jpeg), jpeg.Length, "image/jpeg", ct);
        }
        var json = JsonSerializer.Serialize(new { verdict, checks, phash = report.PHash, normalisation = report.Normalisation, geometry = report.Geometry },
            PhotoCheckReport.Json);
        db.StatusChanges.Add(photo.Checked(verdict, json, report.PHash, normalisedKey, report.NormalisedJpeg?.Length,
            checks.Where(c => c.Verdict == CheckVerdict.Fail).Select(c => c.Code).ToList(), Worker, clock.GetUtcNow()));
        if (photo.Status == PhotoStatus.CheckFailed) await db.AddReviewResultAsync(photo, clock.GetUtcNow(), ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("Photo {PhotoId} changed while it was checked (withdrawn?); result dropped", photoId);
            return;
        }
        metrics.PhotoChecked(StatusNames.Snake(verdict.ToString()), System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The check failed too often (crashes, timeouts, errors): check_failed, without costing the student a submission.</summary>
    private async Task GiveUpAsync(Photo photo, int attempts, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        db.StatusChanges.Add(photo.CheckGaveUp(attempts, Worker, now));
        await db.AddReviewResultAsync(photo, now, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("Photo {PhotoId} changed while giving up its check; left as it is", photo.Id);
        }
    }

    /// <summary>uploaded → checking, or a new lease on a check whose worker is gone; false when another worker holds it.</summary>
    private async Task<bool> TakeAsync(Photo photo, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var stale = photo.Status == PhotoStatus.Checking && photo.CheckStartedAt < now - jobOptions.Value.CheckLease;
        if (photo.Status != PhotoStatus.Uploaded && !stale) return false;
        if (photo.StartCheck(Worker, now) is { } change) db.StatusChanges.Add(change);
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            return false;
        }
    }

    /// <summary>Near copies (perceptual hash) of another student's photo, or of one of this enrollment's rejected photos: flags for the reviewer.</summary>
    private async Task<IEnumerable<CheckResult>> DuplicateChecksAsync(Photo photo, string? hash, CancellationToken ct)
    {
        if (hash is null) return [];
        var others = await db.Photos.AsNoTracking().Where(p => p.PHash != null && p.Id != photo.Id && p.BatchId == photo.BatchId)
            .Select(p => new { p.PHash, p.StudentId, p.EnrollmentId, p.Status }).ToListAsync(ct);
        var limit = photoOptions.Value.Checks.SameImageDistance;
        bool Near(string other) => Derivative.Distance(hash, other) <= limit;
        var otherStudent = others.Any(o => o.StudentId != photo.StudentId && Near(o.PHash!));
        var rejectedBefore = others.Any(o => o.EnrollmentId == photo.EnrollmentId && o.Status is PhotoStatus.Rejected or PhotoStatus.CheckFailed
            && Near(o.PHash!));
        return
        [
            CheckCodes.Result("duplicate.other_student", otherStudent ? CheckVerdict.Flag : CheckVerdict.Pass, otherStudent ? "near copy found" : "none"),
            CheckCodes.Result("duplicate.rejected_before", rejectedBefore ? CheckVerdict.Flag : CheckVerdict.Pass, rejectedBefore ? "near copy found" : "none"),
        ];
    }
}
