using System.Security.Claims;
using FluentValidation;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Hosting;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Messaging;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Api.Features.Review;

/// <summary>
/// Human review: a queue (oldest first), claims with a lease so two reviewers never decide the same photo, approve or
/// reject with reasons from a fixed list. Every view of a photo is audited. Approved photos are locked.
/// </summary>
public static class ReviewApi
{
    public static WebApplicationBuilder AddReview(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section)
            .Validate(o => o.ClaimLease > TimeSpan.Zero, "Review:ClaimLease must be positive.").ValidateOnStart();
        return builder;
    }

    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/reviews").WithTags("Review").RequireAuthorization(Policies.Review)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapGet("/queue", Queue).WithName("ReviewQueue").WithSummary("Photos waiting for review, oldest first");
        group.MapGet("/batches", Batches).WithName("ReviewBatches")
            .WithSummary("The batches with photos waiting for review, with their school and how many wait (the queue's filters)");
        group.MapGet("/reasons", () => TypedResults.Ok(PhotoReasons.Review.Select(r => new PhotoReason(r.Key, $"{r.Value.Zh} / {r.Value.En}")).ToList()))
            .WithName("ReviewReasons");
        group.MapPost("/{photoId:guid}/claim", Claim).WithName("ClaimPhoto").ProducesProblem(409);
        group.MapPost("/{photoId:guid}/approve", Approve).WithName("ApprovePhoto").ProducesProblem(409);
        group.MapPost("/{photoId:guid}/reject", Reject).WithName("RejectPhoto").ProducesProblem(409);
        return app;
    }

    public sealed record QueueItem(Guid PhotoId, Guid EnrollmentId, string FeatureCode, string SchoolName, string? CheckVerdict, int SubmissionNumber,
        DateTimeOffset UploadedAt, bool ClaimedByOther);

    /// <summary>What a reviewer may know of a batch: enough to filter the queue by it or by its school.</summary>
    public sealed record ReviewBatch(Guid BatchId, string FeatureCode, Guid SchoolId, string SchoolName, int Pending);

    public sealed record ReviewItem(PhotoDetail Photo, StaffEnrollmentView Enrollment, DateTimeOffset ClaimExpiresAt);

    public sealed record RejectRequest(string[] Reasons, [property: Text(MultiLine = true)] string? Note = null);

    public sealed class RejectValidator : AbstractValidator<RejectRequest>
    {
        public RejectValidator()
        {
            RuleFor(r => r.Reasons).ReviewReasons();
            RuleFor(r => r.Note).MaximumLength(500);
        }
    }

    public static async Task<Ok<List<QueueItem>>> Queue(Guid? batchId, Guid? schoolId, int? limit, AppDbContext db, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var me = user.UserId();
        var query = from p in db.Photos.AsNoTracking()
                    join b in db.Batches on p.BatchId equals b.Id
                    where p.Status == PhotoStatus.PendingReview
                    select new { p, b.FeatureCode, b.SchoolId, SchoolName = b.School!.Name };
        if (batchId is not null) query = query.Where(x => x.p.BatchId == batchId);
        if (schoolId is not null) query = query.Where(x => x.SchoolId == schoolId);
        var items = await query.OrderBy(x => x.p.CreatedAt).Take(Math.Clamp(limit ?? 50, 1, 500)).ToListAsync(ct);
        return TypedResults.Ok(items.Select(x => new QueueItem(x.p.Id, x.p.EnrollmentId, x.FeatureCode, x.SchoolName, PhotoMapping.Verdict(x.p.CheckVerdict),
            x.p.SubmissionNumber,
            x.p.CreatedAt.ToChina(), x.p.ClaimedBy is { } c && c != me && x.p.ClaimExpiresAt > now)).ToList());
    }

    public static async Task<Ok<List<ReviewBatch>>> Batches(AppDbContext db, CancellationToken ct)
    {
        var pending = await db.Photos.AsNoTracking().Where(p => p.Status == PhotoStatus.PendingReview).GroupBy(p => p.BatchId)
            .Select(g => new { BatchId = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.BatchId, g => g.Count, ct);
        var ids = pending.Keys.ToList();
        var batches = await db.Batches.AsNoTracking().Where(b => ids.Contains(b.Id))
            .Select(b => new { b.Id, b.FeatureCode, b.SchoolId, SchoolName = b.School!.Name }).ToListAsync(ct);
        return TypedResults.Ok(batches.Select(b => new ReviewBatch(b.Id, b.FeatureCode, b.SchoolId, b.SchoolName, pending[b.Id]))
            .OrderBy(b => b.SchoolName, StringComparer.Ordinal).ThenBy(b => b.FeatureCode, StringComparer.Ordinal).ToList());
    }

    /// <summary>Takes the photo for a while and shows it: the images, the report and the enrollment (masked). Audited.</summary>
    public static async Task<Results<Ok<ReviewItem>, NotFound>> Claim(Guid photoId, AppDbContext db, IObjectStore store, IOptions<ReviewOptions> options,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var photo = await db.Photos.SingleOrDefaultAsync(p => p.Id == photoId, ct);
        if (photo is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        if (!photo.TryClaim(user.UserId(), options.Value.ClaimLease, now))
            throw DomainException.Conflict("photo.claimed", photo.Status == PhotoStatus.PendingReview
                ? "Another reviewer is reviewing this photo." : "This photo is not waiting for review.");
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "photo.viewed", nameof(Photo), photo.Id, null, new { purpose = "review" }, now));
        try
        {
            await db.SaveChangesAsync(ct); // the row version lets only one of two simultaneous claims through
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("photo.claimed", "Another reviewer claimed this photo at the same moment.");
        }
        var enrollment = await db.Enrollments.AsNoTracking().Include(e => e.Batch).ThenInclude(b => b!.School).SingleAsync(e => e.Id == photo.EnrollmentId, ct);
        return TypedResults.Ok(new ReviewItem(await PhotoMapping.DetailAsync(photo, store, clock, ct),
            EnrollmentMapping.ForStaff(enrollment),
            photo.ClaimExpiresAt!.Value.ToChina()));
    }

    public static async Task<Results<Ok<PhotoView>, NotFound>> Approve(Guid photoId, AppDbContext db, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var photo = await db.Photos.SingleOrDefaultAsync(p => p.Id == photoId, ct);
        if (photo is null) return TypedResults.NotFound();
        var enrollment = await db.Enrollments.AsNoTracking().SingleAsync(e => e.Id == photo.EnrollmentId, ct);
        if (enrollment.Status is EnrollmentStatus.Refunded or EnrollmentStatus.Withdrawn)
            throw DomainException.Conflict("photo.enrollment_refunded", "This enrollment was refunded or withdrawn: its photo cannot be approved.");
        var now = clock.GetUtcNow();
        // The enrollment completes when the photo reaches CHSI (Delivery), not here.
        db.StatusChanges.Add(photo.Approve(user.UserId(), now));
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "photo.approved", nameof(Photo), photo.Id, null, null, now));
        await db.AddReviewResultAsync(photo, now, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(PhotoMapping.ToView(photo));
    }

    public static async Task<Results<Ok<PhotoView>, NotFound>> Reject(Guid photoId, RejectRequest request, AppDbContext db,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var photo = await db.Photos.SingleOrDefaultAsync(p => p.Id == photoId, ct);
        if (photo is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        db.StatusChanges.Add(photo.Reject(user.UserId(), request.Reasons.Distinct().ToList(), request.Note, now));
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "photo.rejected", nameof(Photo), photo.Id, null, new { request.Reasons }, now));
        await db.AddReviewResultAsync(photo, now, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(PhotoMapping.ToView(photo));
    }
}
