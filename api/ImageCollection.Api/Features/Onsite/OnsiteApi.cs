using System.Security.Claims;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Orders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Api.Features.Onsite;

/// <summary>
/// The collection day at a station (on-site sessions, and studios of walk-in and make-up batches): the sessions a
/// photographer works today; a scan that finds or enrolls the student and answers the shot number (拍摄号); the capture
/// and its retakes; the check's verdict within seconds; the station's queue; and a WeChat Pay QR for a student who has
/// not paid.
/// </summary>
public static class OnsiteApi
{
    public static WebApplicationBuilder AddOnsite(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StationOptions>().BindConfiguration(StationOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.AgreementVersion) && o.AgreementVersion.Length <= 40, "Stations:AgreementVersion: 1 to 40 characters")
            .ValidateOnStart();
        builder.Services.AddScoped<Scan>();
        builder.Services.AddScoped<Capture>();
        builder.Services.AddScoped<StationPayments>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOnsiteApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/onsite").WithTags("On-site capture").RequireAuthorization(Policies.Photographer)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        group.MapGet("/today", Today).WithName("StationsToday").WithSummary("The sessions (and stations) the caller works today");
        group.MapPost("/scan", ScanAsync).WithName("ScanStudent")
            .WithSummary("Scan a student: the shot (its number) of the student's enrollment, or a walk-up enrollment made from the code");
        group.MapGet("/shots/{shotId:guid}", GetShot).WithName("GetShot").WithSummary("A shot with its current photo and the check's verdict");
        group.MapPost("/shots/{shotId:guid}/photo", CaptureAsync).WithName("CapturePhoto").Accepts<IFormFile>("multipart/form-data", "image/jpeg")
            .WithSummary("The shot's photo (a retake replaces one not yet reviewed); Capture-Id makes a late resend store nothing twice")
            .ProducesProblem(413).ProducesProblem(415).ProducesProblem(422).ProducesProblem(503);
        group.MapGet("/sessions/{sessionId:guid}/stations/{station:int}/queue", Queue).WithName("StationQueue")
            .WithSummary("The station's shots, newest first, with where each photo stands");
        group.MapPost("/enrollments/{enrollmentId:guid}/native-order", OpenPayment).WithName("OpenStationPayment")
            .WithSummary("A WeChat Pay QR (Native order) for a student who has not paid").ProducesProblem(503);
        group.MapGet("/orders/{orderId:guid}", GetPayment).WithName("GetStationPayment").WithSummary("Whether the station's QR has been paid");
        return app;
    }

    public sealed record StationPaymentRequest(Guid SessionId, int Station);

    private static bool IsAdmin(ClaimsPrincipal user) => user.IsStaffWithRole(StaffRoles.Admin);

    public static async Task<Ok<List<StationSessionView>>> Today(AppDbContext db, TimeProvider clock, ClaimsPrincipal user,
        IOptions<StationOptions> options, CancellationToken ct)
    {
        var today = ChinaTime.Today(clock);
        var (dayStart, dayEnd) = (ChinaTime.StartOf(today), ChinaTime.StartOf(today.AddDays(1)));
        var me = user.UserId();
        var sessions = await (from s in db.CollectionSessions.AsNoTracking()
                              join b in db.Batches on s.BatchId equals b.Id
                              where b.Status == BatchStatus.Open && s.StartsAt < dayEnd && s.EndsAt > dayStart
                              orderby s.StartsAt
                              select new { s, b, SchoolName = b.School!.Name }).ToListAsync(ct);
        var ids = sessions.Select(x => x.s.Id).ToList();
        var assignments = await db.StationAssignments.AsNoTracking().Where(a => ids.Contains(a.SessionId)).ToListAsync(ct);
        return TypedResults.Ok(sessions
            .Where(x => IsAdmin(user) || assignments.All(a => a.SessionId != x.s.Id) || assignments.Any(a => a.SessionId == x.s.Id && a.PhotographerId == me))
            .Select(x => new StationSessionView(x.s.Id, x.s.Location, x.s.StartsAt.ToChina(), x.s.EndsAt.ToChina(), x.s.Groups, x.b.FeatureCode,
                x.SchoolName, x.b.CollectionType, x.b.Payer, x.b.FeeFen,
                Enumerable.Range(1, x.s.Stations).Select(n => new StationView(n,
                    assignments.Any(a => a.SessionId == x.s.Id && a.Station == n && a.PhotographerId == me))).ToList(), options.Value.AgreementVersion))
            .ToList());
    }

    public static async Task<Ok<ShotView>> ScanAsync(ScanRequest request, Scan scan, ClaimsPrincipal user, CancellationToken ct)
    {
        var (shot, enrollment, photo) = await scan.RunAsync(request, user.UserId(), IsAdmin(user), ct);
        return TypedResults.Ok(StationMapping.ToView(shot, enrollment, photo));
    }

    public static async Task<Results<Ok<ShotView>, NotFound>> GetShot(Guid shotId, AppDbContext db, CancellationToken ct)
    {
        var shot = await db.Shots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == shotId, ct);
        if (shot is null) return TypedResults.NotFound();
        var enrollment = await db.Enrollments.AsNoTracking().SingleAsync(e => e.Id == shot.EnrollmentId, ct);
        var photo = shot.PhotoId is { } id ? await db.Photos.AsNoTracking().SingleAsync(p => p.Id == id, ct) : null;
        return TypedResults.Ok(StationMapping.ToView(shot, enrollment, photo));
    }

    public static async Task<Results<Created<PhotoView>, Ok<PhotoView>, NotFound>> CaptureAsync(Guid shotId,
        [FromHeader(Name = "Capture-Id")] string? captureId, HttpContext http, Capture capture, ClaimsPrincipal user, CancellationToken ct)
    {
        if (captureId is { Length: > 64 } || (captureId is not null && !captureId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
            throw RequestValidationException.For("Capture-Id", "A capture id has at most 64 letters, digits, '-' or '_'.");
        var result = await capture.RunAsync(shotId, captureId, http, user.UserId(), IsAdmin(user), ct);
        if (result is null) return TypedResults.NotFound();
        var view = PhotoMapping.ToView(result.Photo);
        return result.Created ? TypedResults.Created($"/api/v1/staff/photos/{result.Photo.Id}", view) : TypedResults.Ok(view);
    }

    public static async Task<Ok<List<ShotView>>> Queue(Guid sessionId, int station, int? limit, AppDbContext db, CancellationToken ct)
    {
        var rows = await (from s in db.Shots.AsNoTracking()
                          where s.SessionId == sessionId && s.Station == station
                          join e in db.Enrollments on s.EnrollmentId equals e.Id
                          join p in db.Photos on s.PhotoId equals p.Id into photos
                          from p in photos.DefaultIfEmpty()
                          orderby s.Number descending
                          select new { s, e, p }).Take(Math.Clamp(limit ?? 100, 1, 500)).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(x => StationMapping.ToView(x.s, x.e, x.p)).ToList());
    }

    public static async Task<Ok<StationPaymentView>> OpenPayment(Guid enrollmentId, StationPaymentRequest request, StationPayments payments,
        ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(StationMapping.ToView(await payments.OpenAsync(enrollmentId, request.SessionId, request.Station, user.UserId(), IsAdmin(user), ct)));

    /// <summary>The station polls until the student has paid; an unpaid order is asked of WeChat first (its notification may be late).</summary>
    public static async Task<Results<Ok<StationPaymentView>, NotFound>> GetPayment(Guid orderId, AppDbContext db, OrderCloser closer,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId && o.TradeType == TradeType.Native, ct);
        if (order is null) return TypedResults.NotFound();
        if (order.Status == OrderStatus.PendingPayment)
        {
            try
            {
                if (await closer.RefreshAsync(order, ct)) order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId, ct);
            }
            catch (Exception e) when (Core.WechatPay.WechatPayErrors.IsCallFailure(e))
            {
                loggers.CreateLogger(typeof(OnsiteApi)).LogInformation("Query of station order {OrderId} failed ({Error})", orderId, e.GetType().Name);
            }
        }
        return TypedResults.Ok(StationMapping.ToView(order));
    }
}
