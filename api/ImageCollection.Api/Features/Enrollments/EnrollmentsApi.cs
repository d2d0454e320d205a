using System.Security.Claims;
using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Enrollments;

/// <summary>A student's enrollments: enroll by feature code, read their own, withdraw, give a shipping address.</summary>
public static class EnrollmentsApi
{
    /// <summary>Room for a base64 screenshot of the collection-code QR.</summary>
    private const long EnrollBodyLimit = 6 * 1024 * 1024;

    public static IEndpointRouteBuilder MapEnrollmentsApi(this IEndpointRouteBuilder app)
    {
        var enroll = app.MapGroup("/api/v1/batches/{featureCode}/enrollments").WithTags("Enrollments").RequireAuthorization(Policies.Student)
            .WithMetadata(new RequestSizeLimitAttribute(EnrollBodyLimit)).RequireRateLimiting(AuthSetup.EnrollmentRateLimit)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(413).ProducesProblem(422).ProducesProblem(429);
        enroll.MapPost("/", Create).WithName("Enroll").WithSummary("Enroll in a batch (consent, and identity by collection code or by hand)");

        var group = app.MapGroup("/api/v1/enrollments").WithTags("Enrollments").RequireAuthorization(Policies.Student)
            .ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/", List).WithName("ListMyEnrollments");
        group.MapGet("/{id:guid}", Get).WithName("GetMyEnrollment").ProducesProblem(404);
        group.MapPost("/{id:guid}/withdraw", Withdraw).WithName("WithdrawEnrollment").ProducesProblem(404).ProducesProblem(409);
        group.MapPut("/{id:guid}/shipping", ChangeShipping).WithName("ChangeShipping")
            .ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    private static IQueryable<Enrollment> Own(this AppDbContext db, ClaimsPrincipal user)
    {
        var studentId = user.UserId();
        return db.Enrollments.Include(e => e.Batch).ThenInclude(b => b!.School).Where(e => e.StudentId == studentId);
    }

    public static async Task<Created<EnrollmentResponse>> Create(string featureCode, EnrollRequest request, ClaimsPrincipal user,
        Enroll enroll, AppDbContext db, CancellationToken ct)
    {
        var enrollment = await enroll.RunAsync(featureCode, user.UserId(), request, ct);
        var loaded = await db.Own(user).AsNoTracking().SingleAsync(e => e.Id == enrollment.Id, ct);
        return TypedResults.Created($"/api/v1/enrollments/{enrollment.Id}", EnrollmentMapping.ToResponse(loaded));
    }

    public static async Task<Ok<List<EnrollmentResponse>>> List(AppDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok((await db.Own(user).AsNoTracking().OrderByDescending(e => e.CreatedAt).ToListAsync(ct))
            .Select(EnrollmentMapping.ToResponse).ToList());

    /// <summary>Another student's enrollment answers 404, as if it did not exist.</summary>
    public static async Task<Results<Ok<EnrollmentResponse>, NotFound>> Get(Guid id, AppDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await db.Own(user).AsNoTracking().SingleOrDefaultAsync(e => e.Id == id, ct) is { } e
            ? TypedResults.Ok(EnrollmentMapping.ToResponse(e)) : TypedResults.NotFound();

    public static async Task<Results<Ok<EnrollmentResponse>, NotFound>> Withdraw(Guid id, AppDbContext db, ClaimsPrincipal user,
        TimeProvider clock, IBackgroundJobClient jobs, CancellationToken ct)
    {
        var enrollment = await db.Own(user).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (enrollment is null) return TypedResults.NotFound();
        await EnrollmentGuards.EnsureWithdrawableAsync(db, enrollment, ct);
        var now = clock.GetUtcNow();
        db.StatusChanges.Add(enrollment.Withdraw(user.Actor(), now));
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "enrollment.withdrawn", nameof(Enrollment), enrollment.Id,
            new { Status = EnrollmentStatus.Active }, new { enrollment.Status }, now));
        await db.SaveChangesAsync(ct);
        // An order still waiting for payment is closed now (after a query, so a payment in flight is applied and refunded).
        foreach (var orderId in await db.Orders.Where(o => o.EnrollmentId == id && o.Status == OrderStatus.PendingPayment).Select(o => o.Id).ToListAsync(ct))
            jobs.Enqueue<Core.Jobs.IOrderJobs>(j => j.ExpireAsync(orderId, CancellationToken.None));
        return TypedResults.Ok(EnrollmentMapping.ToResponse(enrollment));
    }

    public static async Task<Results<Ok<EnrollmentResponse>, NotFound>> ChangeShipping(Guid id, ShippingRequest request, AppDbContext db,
        ClaimsPrincipal user, PersonalDataProtector personalData, TimeProvider clock, CancellationToken ct)
    {
        var enrollment = await db.Own(user).SingleOrDefaultAsync(e => e.Id == id, ct);
        if (enrollment is null) return TypedResults.NotFound();
        if (await Prints.PrintsApi.AddressLockAsync(db, id, ct) is { } locked) throw DomainException.Conflict("prints.address_locked", locked);
        var phone = request.Phone.Trim();
        enrollment.ChangeShipping(new ShippingAddress
        {
            RecipientName = request.RecipientName.Trim(),
            Phone = new ProtectedValue(personalData.Encrypt(PersonalField.Phone, phone), personalData.Hash(PersonalField.Phone, phone), Mask.Phone(phone)),
            Province = request.Province.Trim(),
            City = request.City.Trim(),
            District = request.District.Trim(),
            Street = request.Street.Trim(),
        }, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(EnrollmentMapping.ToResponse(enrollment));
    }
}
