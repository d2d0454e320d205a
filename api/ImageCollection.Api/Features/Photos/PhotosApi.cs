using System.Security.Claims;
using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ImageCollection.Api.Hosting;

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
}
