using System.Security.Claims;
using FluentValidation;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Hosting;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Messaging;
using ImageCollection.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Photos;

/// <summary>Staff views of photos (every view audited), statistics per batch, and support's audited override of an approval.</summary>
public static class StaffPhotosApi
{
    public static IEndpointRouteBuilder MapStaffPhotosApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/staff").WithTags("Staff photos").RequireAuthorization(Policies.Schools)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        read.MapGet("/batches/{batchId:guid}/photo-stats", Stats).WithName("PhotoStats").WithSummary("Photos of a batch by status");
        read.MapGet("/photos/{photoId:guid}", View).WithName("ViewPhotoAsStaff").WithSummary("A photo with its images; the view is audited");
        var support = app.MapGroup("/api/v1/staff/photos").WithTags("Staff photos").RequireAuthorization(Policies.Support)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(409);
        support.MapPost("/{photoId:guid}/override", Override).WithName("OverrideApproval")
            .WithSummary("Reject an approved (locked) photo after all; audited").ProducesProblem(404);
        return app;
    }

    public sealed record PhotoStatsView(Guid BatchId, IReadOnlyDictionary<string, int> ByStatus, int Total);

    public sealed record OverrideRequest(string[] Reasons, [property: Text(MultiLine = true)] string Note);

    public sealed class OverrideValidator : AbstractValidator<OverrideRequest>
    {
        public OverrideValidator()
        {
            RuleFor(r => r.Reasons).ReviewReasons();
            RuleFor(r => r.Note).NotEmpty().MaximumLength(500);
        }
    }

    public static async Task<Results<Ok<PhotoStatsView>, NotFound>> Stats(Guid batchId, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Batches.Visible(user).AnyAsync(b => b.Id == batchId, ct)) return TypedResults.NotFound();
        var counts = await db.Photos.Where(p => p.BatchId == batchId).GroupBy(p => p.Status).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        var byStatus = Enum.GetValues<PhotoStatus>().ToDictionary(s => Core.Domain.StatusNames.Snake(s.ToString()),
            s => counts.SingleOrDefault(c => c.Key == s)?.Count ?? 0);
        return TypedResults.Ok(new PhotoStatsView(batchId, byStatus, byStatus.Values.Sum()));
    }

    public static async Task<Results<Ok<PhotoDetail>, NotFound>> View(Guid photoId, AppDbContext db, IObjectStore store, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var photo = await db.Photos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == photoId, ct);
        if (photo is null || !await db.Batches.Visible(user).AnyAsync(b => b.Id == photo.BatchId, ct)) return TypedResults.NotFound();
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "photo.viewed", nameof(Photo), photo.Id, null, new { purpose = "staff view" }, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await PhotoMapping.DetailAsync(photo, store, clock, ct));
    }

    public static async Task<Results<Ok<PhotoView>, NotFound>> Override(Guid photoId, OverrideRequest request, AppDbContext db,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var photo = await db.Photos.SingleOrDefaultAsync(p => p.Id == photoId, ct);
        if (photo is null) return TypedResults.NotFound();
        var enrollment = await db.Enrollments.SingleAsync(e => e.Id == photo.EnrollmentId, ct);
        var now = clock.GetUtcNow();
        db.StatusChanges.Add(photo.OverrideReject(user.UserId(), request.Reasons, request.Note, now));
        if (enrollment.Status == EnrollmentStatus.Completed)
            db.StatusChanges.Add(enrollment.ApprovalOverridden(user.Actor(), now));
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "photo.approval_overridden", nameof(Photo), photo.Id,
            new { Status = "approved" }, new { Status = "rejected", request.Reasons, request.Note }, now));
        await db.AddReviewResultAsync(photo, now, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(PhotoMapping.ToView(photo));
    }
}
