using ImageCollection.Core.Data;
using ImageCollection.Core.Delivery;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Messaging;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Delivery;

/// <summary>What CHSI's word does to photos and their enrollments, in the caller's unit of work.</summary>
public static class DeliveryEffects
{
    /// <summary>
    /// Photos delivered: each one's enrollment is complete when its prints (where the batch sells them) are done too
    /// (an active one; a refunded one stays refunded). Returns how many completed.
    /// </summary>
    public static async Task<int> DeliveredAsync(AppDbContext db, IReadOnlyCollection<Photo> photos, string acknowledgement, Actor actor,
        DateTimeOffset now, CancellationToken ct)
    {
        foreach (var photo in photos)
            if (photo.Delivered(acknowledgement, actor, now) is { } change) db.StatusChanges.Add(change);
        return await Completion.PhotoDeliveredAsync(db, photos.Select(p => p.EnrollmentId).ToList(), actor, now, ct);
    }

    public static async Task RefusedAsync(AppDbContext db, Photo photo, string reason, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var wasDelivered = photo.IsDelivered;
        if (photo.DeliveryRefused(reason, actor, now) is { } change) db.StatusChanges.Add(change);
        if (!wasDelivered) return;
        var enrollment = await db.Enrollments.SingleAsync(e => e.Id == photo.EnrollmentId, ct);
        if (enrollment.DeliveryUndone(actor, now) is { } undone) db.StatusChanges.Add(undone);
    }

    /// <summary>
    /// 比对不通过: the photo is rejected after all, the enrollment reopened for one free new photo, and the student told
    /// what to do (an order-exception message; a walk-up student who never claimed the enrollment gets none).
    /// </summary>
    public static async Task ComparisonFailedAsync(AppDbContext db, Photo photo, string reason, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        db.StatusChanges.AddRange(photo.ComparisonFailed(reason, actor, now));
        var enrollment = await db.Enrollments.Include(e => e.Batch).SingleAsync(e => e.Id == photo.EnrollmentId, ct);
        if (enrollment.ReopenedForFreePhoto(actor, now) is { } reopened) db.StatusChanges.Add(reopened);
        db.AuditEntries.Add(new AuditEntry(actor, "photo.chsi_comparison_failed", nameof(Photo), photo.Id, null, new { reason }, now));
        var openId = await db.Students.Where(s => s.Id == enrollment.StudentId).Select(s => s.OpenId).SingleOrDefaultAsync(ct);
        if (openId is null) return;
        var order = await db.Orders.Where(o => o.EnrollmentId == enrollment.Id && o.PaidAt != null).OrderByDescending(o => o.PaidAt)
            .Select(o => o.OutTradeNo).FirstOrDefaultAsync(ct);
        db.StudentMessages.Add(StudentMessages.ComparisonFailed(photo, openId, order ?? enrollment.Batch!.FeatureCode, now));
    }
}
