using System.Security.Claims;
using FluentValidation;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Orders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.SchoolPayments;

/// <summary>
/// A school pays for a class or department in one go (the class monitor collects): staff record the payment and
/// the enrollments it covers, which then count as paid without any WeChat order.
/// </summary>
public static class SchoolPaymentsApi
{
    public static IEndpointRouteBuilder MapSchoolPaymentsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/batches/{batchId:guid}/school-payments").WithTags("School payments")
            .RequireAuthorization(Policies.Support).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/", Record).WithName("RecordSchoolPayment").ProducesProblem(409);
        group.MapGet("/", List).WithName("ListSchoolPayments");
        return app;
    }

    /// <summary>Covers the listed enrollments and/or every active enrollment of a major or department (专业/院系).</summary>
    public sealed record SchoolPaymentRequest(long AmountFen, string Reference, [property: Text(MultiLine = true)] string? Note = null,
        Guid[]? EnrollmentIds = null, string? Major = null);

    public sealed record SchoolPaymentResponse(Guid Id, Guid BatchId, long AmountFen, string Reference, string? Note, Guid RecordedBy,
        DateTimeOffset RecordedAt, IReadOnlyList<Guid> EnrollmentIds);

    public sealed class SchoolPaymentRequestValidator : AbstractValidator<SchoolPaymentRequest>
    {
        public SchoolPaymentRequestValidator()
        {
            RuleFor(r => r.AmountFen).GreaterThan(0);
            RuleFor(r => r.Reference).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Note).MaximumLength(500);
            RuleFor(r => r.EnrollmentIds).NotEmpty().When(r => string.IsNullOrWhiteSpace(r.Major))
                .WithMessage("Choose the enrollments (enrollmentIds) or a major/department (major).");
        }
    }

    private static SchoolPaymentResponse ToResponse(SchoolPayment p) => new(p.Id, p.BatchId, p.AmountFen, p.Reference, p.Note,
        p.RecordedBy, p.RecordedAt.ToChina(), p.Enrollments.Select(e => e.EnrollmentId).ToList());

    public static async Task<Results<Created<SchoolPaymentResponse>, NotFound>> Record(Guid batchId, SchoolPaymentRequest request,
        AppDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Batches.AnyAsync(b => b.Id == batchId, ct)) return TypedResults.NotFound();
        var chosen = db.Enrollments.Where(e => e.BatchId == batchId && e.Status == EnrollmentStatus.Active);
        var ids = request.EnrollmentIds ?? [];
        var major = request.Major?.Trim();
        var covered = await chosen.Where(e => ids.Contains(e.Id) || (major != null && e.Identity.Major == major)).Select(e => e.Id).ToListAsync(ct);
        var unknown = ids.Except(covered).ToList();
        if (unknown.Count > 0)
            throw RequestValidationException.For("enrollmentIds", $"Not active enrollments of this batch: {string.Join(", ", unknown)}.");
        if (covered.Count == 0)
            throw RequestValidationException.For("major", "No active enrollment of this batch has that major or department.");
        var alreadyPaid = await db.PaidEnrollmentIds().Where(id => covered.Contains(id)).ToListAsync(ct);
        if (alreadyPaid.Count > 0)
            throw new DomainException(DomainErrorKind.Conflict, "school_payment.already_paid", "Some of these enrollments are already paid.",
                new Dictionary<string, object?> { ["enrollmentIds"] = alreadyPaid });

        await Statements.EnsureNewReferenceAsync(db, batchId, request.Reference, ct);
        var now = clock.GetUtcNow();
        var payment = new SchoolPayment(batchId, request.AmountFen, request.Reference, request.Note, user.UserId(), covered, now);
        db.SchoolPayments.Add(payment);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "school_payment.recorded", nameof(SchoolPayment), payment.Id, null,
            new { payment.BatchId, payment.AmountFen, payment.Reference, Enrollments = covered.Count }, now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/staff/batches/{batchId}/school-payments", ToResponse(payment));
    }

    public static async Task<Ok<List<SchoolPaymentResponse>>> List(Guid batchId, AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.SchoolPayments.AsNoTracking().Include(p => p.Enrollments).Where(p => p.BatchId == batchId)
            .OrderBy(p => p.RecordedAt).ToListAsync(ct)).Select(ToResponse).ToList());
}
