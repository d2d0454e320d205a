using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Worker.Retention;

/// <summary>
/// Deletes what can no longer be used, after the configured periods: objects and data of photos not approved when
/// their batch closed, of withdrawn or refunded enrollments (and their personal data); originals of approved photos
/// some time after their delivery to CHSI (the normalised image CHSI received stays; an approved photo that was not
/// delivered keeps its original). Only an anonymised row is kept, for statistics.
/// </summary>
public sealed class RetentionJob(AppDbContext db, IObjectStore store, IOptions<RetentionOptions> options, TimeProvider clock, ILogger<RetentionJob> logger)
{
    private static readonly PhotoStatus[] Unusable = [PhotoStatus.CheckFailed, PhotoStatus.Rejected, PhotoStatus.Withdrawn];

    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var o = options.Value;
        var unusableBefore = now.AddDays(-o.UnusablePhotoDays);
        var deliveredBefore = now.AddDays(-o.DeliveredPhotoDays);
        var leftBefore = now.AddDays(-o.WithdrawnEnrollmentDays);

        var closedLongAgo = db.Batches.Where(b => b.CollectionClosesAt < unusableBefore).Select(b => b.Id);
        var left = db.Enrollments.Where(e => (e.Status == EnrollmentStatus.Withdrawn || e.Status == EnrollmentStatus.Refunded) && e.UpdatedAt < leftBefore)
            .Select(e => e.Id);
        var photos = await db.Photos.Where(p => p.ErasedAt == null
                && ((p.Status != PhotoStatus.Approved && closedLongAgo.Contains(p.BatchId))
                    || (Unusable.Contains(p.Status) && p.UpdatedAt < unusableBefore)
                    || left.Contains(p.EnrollmentId)))
            .OrderBy(p => p.UpdatedAt).Take(500).ToListAsync(ct);
        foreach (var photo in photos)
        {
            await store.DeleteAsync(photo.OriginalKey, ct);
            if (photo.NormalisedKey is { } normalised) await store.DeleteAsync(normalised, ct);
            photo.Erased(now);
        }

        // An approved original goes only after its photo reached CHSI, counted from then: never one not delivered.
        var delivered = await db.Photos.Where(p => p.ErasedAt == null && p.Status == PhotoStatus.Approved && p.OriginalKey != ""
                && p.Delivery == DeliveryStatus.Delivered && p.DeliveredAt < deliveredBefore)
            .OrderBy(p => p.DeliveredAt).Take(500).ToListAsync(ct);
        foreach (var photo in delivered)
        {
            await store.DeleteAsync(photo.OriginalKey, ct);
            photo.OriginalDeleted(now);
        }

        var enrollments = await db.Enrollments.Where(e => e.ErasedAt == null && left.Contains(e.Id)).OrderBy(e => e.UpdatedAt).Take(500).ToListAsync(ct);
        foreach (var enrollment in enrollments) enrollment.Erase(now);

        if (photos.Count + delivered.Count + enrollments.Count == 0) return;
        db.AuditEntries.Add(new AuditEntry(Actor.System, "retention.erased", "Retention", null, null,
            new { Photos = photos.Count, ApprovedOriginals = delivered.Count, Enrollments = enrollments.Count }, now));
        await db.SaveChangesAsync(ct);
        logger.LogInformation("Retention erased {Photos} photos, {Originals} approved originals, {Enrollments} enrollments",
            photos.Count, delivered.Count, enrollments.Count);
    }
}

public static class RetentionRegistration
{
    /// <summary>The retention run and section <c>Retention</c>.</summary>
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<RetentionJob>();
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section)
            .Validate(o => o.UnusablePhotoDays >= 0 && o.DeliveredPhotoDays >= 0 && o.WithdrawnEnrollmentDays >= 0, "Retention days must not be negative.")
            .ValidateOnStart();
        return builder;
    }
}
