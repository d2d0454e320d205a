using System.Security.Claims;
using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Hosting;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Delivery;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Api.Features.Photos;

/// <summary>A student uploads a photo, follows its check and review, sees their own images, and may withdraw it while it waits.</summary>
public static class PhotosApi
{
    public static IEndpointRouteBuilder MapPhotosApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Photos").RequireAuthorization(Policies.Student).ProducesProblem(401).ProducesProblem(403)
            .ProducesProblem(404);
        group.MapPost("/enrollments/{id:guid}/photos", Upload).WithName("UploadPhoto").Accepts<IFormFile>("multipart/form-data", "image/jpeg")
            .WithSummary("Upload a photo (multipart form file, or an image/jpeg body)")
            .ProducesProblem(409).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422).ProducesProblem(503);
        group.MapGet("/enrollments/{id:guid}/photos", List).WithName("ListMyPhotos");
        group.MapGet("/photos/{id:guid}", Get).WithName("GetMyPhoto").WithSummary("A photo with its checks and short-lived links to its images");
        group.MapPost("/photos/{id:guid}/withdraw", Withdraw).WithName("WithdrawPhoto").ProducesProblem(409);
        group.MapGet("/photos/{id:guid}/download", Download).WithName("DownloadMyPhoto").ProducesProblem(409)
            .WithSummary("A short-lived link to the student's own approved photo (the 480×640 image CHSI receives)");
        group.MapGet("/enrollments/{id:guid}/journey", Journey).WithName("MyPhotoJourney")
            .WithSummary("Where the photo is: submitted, checked, reviewed, sent to CHSI, delivered, the 校对 reminder and result");
        return app;
    }

    public static async Task<Results<Created<PhotoView>, NotFound>> Upload(Guid id, HttpContext http, AppDbContext db, PhotoIntake intake,
        IObjectStore store, IBackgroundJobClient jobs, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var studentId = user.UserId();
        var enrollment = await db.Enrollments.Include(e => e.Batch).SingleOrDefaultAsync(e => e.Id == id && e.StudentId == studentId, ct);
        if (enrollment is null) return TypedResults.NotFound();
        var submission = await UploadRules.EnsureCanUploadAsync(db, enrollment, clock.GetUtcNow(), ct);

        var photoId = Guid.CreateVersion7();
        var original = await intake.StoreAsync(http, PhotoKeys.Original(enrollment, photoId), ct);
        if (await db.Photos.AnyAsync(p => p.EnrollmentId == id && p.OriginalSha256 == original.Sha256
                                          && (p.Status == PhotoStatus.Rejected || p.Status == PhotoStatus.CheckFailed) && p.CountsAsSubmission, ct))
        {
            await store.DeleteAsync(original.Key, CancellationToken.None);
            throw DomainException.Conflict("photo.resubmitted_rejected", "This is the same image as a rejected photo: take a new one.");
        }
        var now = clock.GetUtcNow();
        var photo = new Photo(photoId, enrollment, PhotoSource.Upload, submission, original, null, now);
        db.Photos.Add(photo);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "photo.uploaded", nameof(Photo), photo.Id, null,
            new { photo.EnrollmentId, photo.SubmissionNumber, photo.OriginalSize, photo.OriginalSha256 }, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            await store.DeleteAsync(original.Key, CancellationToken.None); // a concurrent upload won
            throw DomainException.Conflict("photo.in_progress", "A photo is already being checked, waiting for review or approved.");
        }
        // Committed first, enqueued right after: if enqueueing fails, the sweeper finds the photo in "uploaded".
        jobs.Enqueue<IPhotoJobs>(j => j.CheckAsync(photo.Id, CancellationToken.None));
        return TypedResults.Created($"/api/v1/photos/{photo.Id}", PhotoMapping.ToView(photo));
    }

    public static async Task<Results<Ok<List<PhotoView>>, NotFound>> List(Guid id, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var studentId = user.UserId();
        if (!await db.Enrollments.AnyAsync(e => e.Id == id && e.StudentId == studentId, ct)) return TypedResults.NotFound();
        var photos = await db.Photos.AsNoTracking().Where(p => p.EnrollmentId == id).OrderBy(p => p.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(photos.Select(PhotoMapping.ToView).ToList());
    }

    public static async Task<Results<Ok<PhotoDetail>, NotFound>> Get(Guid id, AppDbContext db, IObjectStore store, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var studentId = user.UserId();
        var photo = await db.Photos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == id && p.StudentId == studentId, ct);
        if (photo is null) return TypedResults.NotFound();
        return TypedResults.Ok(await PhotoMapping.DetailAsync(photo, store, clock, ct));
    }

    public static async Task<Results<Ok<PhotoView>, NotFound>> Withdraw(Guid id, AppDbContext db, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var studentId = user.UserId();
        var photo = await db.Photos.SingleOrDefaultAsync(p => p.Id == id && p.StudentId == studentId, ct);
        if (photo is null) return TypedResults.NotFound();
        if (photo.Source == PhotoSource.Onsite)
            throw DomainException.Conflict("photo.onsite", "A photo taken on site cannot be withdrawn.");
        var now = clock.GetUtcNow();
        db.StatusChanges.Add(photo.Withdraw(user.Actor(), now));
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "photo.withdrawn", nameof(Photo), photo.Id, null, null, now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(PhotoMapping.ToView(photo));
    }

    public sealed record PhotoLink(Uri Url, DateTimeOffset ExpiresAt);

    public static async Task<Results<Ok<PhotoLink>, NotFound>> Download(Guid id, AppDbContext db, IObjectStore store,
        IOptions<DeliveryOptions> options, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var studentId = user.UserId();
        var photo = await db.Photos.AsNoTracking()
            .SingleOrDefaultAsync(p => p.Id == id && db.Enrollments.Any(e => e.Id == p.EnrollmentId && e.StudentId == studentId), ct);
        if (photo is null) return TypedResults.NotFound();
        if (photo.Status != PhotoStatus.Approved || photo.NormalisedKey is null)
            throw DomainException.Conflict("photo.not_approved", "Only an approved photo can be downloaded.");
        var lifetime = options.Value.StudentLinkLifetime;
        return TypedResults.Ok(new PhotoLink(await store.PresignedGetAsync(photo.NormalisedKey, lifetime, ct), (clock.GetUtcNow() + lifetime).ToChina()));
    }

    public sealed record JourneyStep(string Step, DateTimeOffset At, string? Detail);

    public sealed record JourneyView(Guid EnrollmentId, EnrollmentStatus Status, Guid? PhotoId, PhotoStatus? PhotoStatus,
        DeliveryStatus? Delivery, IReadOnlyList<JourneyStep> Steps);

    /// <summary>
    /// The steps the enrollment's current photo has taken, in the order they happen (not sorted by time: WeChat gives the
    /// payment time in whole seconds, which can fall before the enrollment's own); a rejected photo's steps end at the rejection.
    /// </summary>
    public static async Task<Results<Ok<JourneyView>, NotFound>> Journey(Guid id, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var studentId = user.UserId();
        var enrollment = await db.Enrollments.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id && e.StudentId == studentId, ct);
        if (enrollment is null) return TypedResults.NotFound();
        var photo = await db.Photos.AsNoTracking().Where(p => p.EnrollmentId == id && p.Status != PhotoStatus.Withdrawn)
            .OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(ct);
        var paidAt = await db.Orders.Where(o => o.EnrollmentId == id && o.PaidAt != null).MinAsync(o => o.PaidAt, ct);
        var steps = new List<JourneyStep> { new("enrolled", enrollment.CreatedAt.ToChina(), null) };
        if (paidAt is { } paid) steps.Add(new("paid", paid.ToChina(), null));
        if (photo is not null)
        {
            steps.Add(new(photo.Source == PhotoSource.Onsite ? "photographed" : "submitted", photo.CreatedAt.ToChina(), null));
            if (photo.CheckedAt is { } checkedAt) steps.Add(new("checked", checkedAt.ToChina(), PhotoMapping.Verdict(photo.CheckVerdict)));
            if (photo.ReviewedAt is { } reviewedAt)
                steps.Add(new(photo.Status == PhotoStatus.Approved ? "approved" : "rejected", reviewedAt.ToChina(),
                    photo.RejectReasons.FirstOrDefault() is { } reason ? PhotoReasons.For(reason).Zh : null));
            if (photo.DeliveryQueuedAt is { } queued) steps.Add(new("sent_to_chsi", queued.ToChina(), null));
            if (photo.DeliveredAt is { } delivered) steps.Add(new("delivered", delivered.ToChina(), null));
            if (photo.Delivery == DeliveryStatus.Failed) steps.Add(new("delivery_failed", photo.UpdatedAt.ToChina(), photo.DeliveryFailure));
            if (photo.ProofReminderSentAt is { } reminded) steps.Add(new("proof_reminder", reminded.ToChina(), "请登录学信网校对图像信息"));
            if (photo.ProofAt is { } proofAt) steps.Add(new("proof", proofAt.ToChina(), photo.ProofResult == ProofResult.Correct ? "校对正确" : "校对错误"));
        }
        return TypedResults.Ok(new JourneyView(id, enrollment.Status, photo?.Id, photo?.Status, photo?.Delivery, steps));
    }
}
