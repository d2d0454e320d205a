using System.Security.Claims;
using FluentValidation;
using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Features.Photos;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Orders;
using ImageCollection.Core.PersonalData;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ImageCollection.Api.Hosting;

namespace ImageCollection.Api.Features.Onsite;

/// <summary>
/// On-site capture: a photographer at a station scans a student's collection code (or types the student number); the
/// API finds the paid enrollment or says why not, hands out the next shot number (拍摄号) of that station and session,
/// and then takes the captured photo, which goes through the same check and review.
/// </summary>
public static class OnsiteApi
{
    public static IEndpointRouteBuilder MapOnsiteApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/onsite").WithTags("On-site capture").RequireAuthorization(Policies.Photographer)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/scan", Scan).WithName("ScanStudent");
        group.MapPost("/shots/{shotId:guid}/photo", Capture).WithName("CapturePhoto").Accepts<IFormFile>("multipart/form-data", "image/jpeg")
            .ProducesProblem(413).ProducesProblem(415).ProducesProblem(503);
        return app;
    }

    public sealed record ScanRequest(Guid SessionId, int Station, string? CollectionCode = null, string? StudentNumber = null);

    public sealed class ScanValidator : AbstractValidator<ScanRequest>
    {
        public ScanValidator()
        {
            RuleFor(r => r.SessionId).NotEmpty();
            RuleFor(r => r.Station).InclusiveBetween(1, 50);
            RuleFor(r => r.CollectionCode).NotEmpty().When(r => string.IsNullOrWhiteSpace(r.StudentNumber))
                .WithMessage("Scan the collection code or type the student number.");
        }
    }

    public sealed record ShotView(Guid ShotId, int ShotNumber, int Station, Guid EnrollmentId, string MaskedName, string? StudentNumber, string? Major);

    public static async Task<Ok<ShotView>> Scan(ScanRequest request, AppDbContext db, PersonalDataProtector personalData, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var session = await db.CollectionSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == request.SessionId, ct)
                      ?? throw DomainException.NotFound("onsite.no_session", "No such collection session.");
        if (request.Station > session.Stations)
            throw RequestValidationException.For("station", $"This session has {session.Stations} stations.");
        var batch = await db.Batches.AsNoTracking().SingleAsync(b => b.Id == session.BatchId, ct);
        if (batch.CollectionType != CollectionType.Onsite || !batch.IsOpen)
            throw DomainException.Conflict("onsite.batch_not_open", "This session's batch is not an open on-site batch.");

        var (field, value) = string.IsNullOrWhiteSpace(request.CollectionCode)
            ? (PersonalField.StudentNumber, request.StudentNumber!) : (PersonalField.CollectionCode, request.CollectionCode);
        var hash = personalData.Hash(field, value);
        var matches = await db.Enrollments.AsNoTracking()
            .Where(e => (e.Status == EnrollmentStatus.Active || e.Status == EnrollmentStatus.Completed)
                        && (field == PersonalField.CollectionCode ? e.Identity.CollectionCode!.Hash == hash : e.Identity.StudentNumber!.Hash == hash))
            .ToListAsync(ct);
        var enrollment = matches.SingleOrDefault(e => e.BatchId == batch.Id);
        if (enrollment is null)
            throw matches.Count > 0
                ? DomainException.Conflict("onsite.wrong_batch", "This student is enrolled in another batch.")
                : DomainException.NotFound("onsite.not_enrolled", "No enrollment in this batch has this code or student number.");
        if (!await db.IsPaidAsync(enrollment.Id, ct))
            throw DomainException.Conflict("onsite.unpaid", "This student has not paid: payment is made in the mini-program before the photo.");
        if (await db.Photos.AnyAsync(p => p.EnrollmentId == enrollment.Id && Photo.InProgressOrApproved.Contains(p.Status), ct))
            throw DomainException.Conflict("onsite.already_captured", "This student has already been photographed.");

        var number = await NextShotNumberAsync(db, session.Id, request.Station, ct);
        var shot = new Shot(session.Id, request.Station, number, enrollment.Id, user.UserId(), clock.GetUtcNow());
        db.Shots.Add(shot);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new ShotView(shot.Id, number, request.Station, enrollment.Id, Mask.Name(enrollment.Identity.Name),
            enrollment.Identity.StudentNumber?.Masked, enrollment.Identity.Major));
    }

    /// <summary>One atomic upsert hands out the next number of the station: no two photographers get the same.</summary>
    private static async Task<int> NextShotNumberAsync(AppDbContext db, Guid sessionId, int station, CancellationToken ct) =>
        (await db.Database.SqlQuery<int>($"""
            insert into station_counters (session_id, station, last_number) values ({sessionId}, {station}, 1)
            on conflict (session_id, station) do update set last_number = station_counters.last_number + 1
            returning last_number as "Value"
            """).ToListAsync(ct)).Single();

    public static async Task<Results<Created<PhotoView>, NotFound>> Capture(Guid shotId, HttpContext http, AppDbContext db, PhotoIntake intake,
        IObjectStore store, IBackgroundJobClient jobs, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var shot = await db.Shots.SingleOrDefaultAsync(s => s.Id == shotId, ct);
        if (shot is null) return TypedResults.NotFound();
        if (shot.PhotoId is not null) throw DomainException.Conflict("onsite.shot_used", "A photo was already captured for this shot.");
        var enrollment = await db.Enrollments.SingleAsync(e => e.Id == shot.EnrollmentId, ct);
        var photoId = Guid.CreateVersion7();
        var original = await intake.StoreAsync(http, PhotoKeys.Original(enrollment, photoId), ct);
        var now = clock.GetUtcNow();
        var submission = await db.Photos.CountAsync(p => p.EnrollmentId == enrollment.Id, ct) + 1;
        var photo = new Photo(photoId, enrollment, PhotoSource.Onsite, submission, original,
            new OnsiteShot { SessionId = shot.SessionId, Station = shot.Station, ShotNumber = shot.Number, PhotographerId = user.UserId() }, now);
        db.Photos.Add(photo);
        shot.Captured(photo.Id);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "photo.captured", nameof(Photo), photo.Id, null,
            new { shot.SessionId, shot.Station, ShotNumber = shot.Number, photo.OriginalSha256 }, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            await store.DeleteAsync(original.Key, CancellationToken.None);
            throw DomainException.Conflict("onsite.already_captured", "This student has already been photographed.");
        }
        jobs.Enqueue<IPhotoJobs>(j => j.CheckAsync(photo.Id, CancellationToken.None));
        return TypedResults.Created($"/api/v1/staff/photos/{photo.Id}", PhotoMapping.ToView(photo));
    }
}
