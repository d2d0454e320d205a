using System.Security.Claims;
using FluentValidation;
using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Refunds;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Refunds;

/// <summary>
/// A student who paid but has no photo yet asks for the money back within the batch's refund window; the enrollment
/// leaves the batch when the refund succeeds.
/// </summary>
public static class StudentRefund
{
    public static IEndpointRouteBuilder MapStudentRefundApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/enrollments").WithTags("Orders").RequireAuthorization(Policies.Student)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/{id:guid}/refund", RequestAsync).WithName("RequestRefund")
            .WithSummary("Ask for a refund of a paid enrollment (no photo yet, within the refund window)").ProducesProblem(409);
        return app;
    }

    public sealed record StudentRefundRequest(string? Reason = null);

    public sealed class Validator : AbstractValidator<StudentRefundRequest>
    {
        public Validator() => RuleFor(r => r.Reason).MaximumLength(80);
    }

    public static async Task<Results<Accepted<RefundView>, NotFound>> RequestAsync(Guid id, StudentRefundRequest request, AppDbContext db,
        IBackgroundJobClient jobs, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var studentId = user.UserId();
        var now = clock.GetUtcNow();
        var enrollment = await db.Enrollments.Include(e => e.Batch).SingleOrDefaultAsync(e => e.Id == id && e.StudentId == studentId, ct);
        if (enrollment is null) return TypedResults.NotFound();
        if (enrollment.Status != EnrollmentStatus.Active)
            throw DomainException.Conflict("enrollment.not_active", "Only an active enrollment can be refunded.");
        if (now >= enrollment.Batch!.RefundClosesAt)
            throw DomainException.Conflict("refund.window_closed", "The refund window of this batch has closed; contact support.");
        if (await db.HasPhotoAsync(id, ct))
            throw DomainException.Conflict("refund.photo_exists", "A photo was taken or is under review: this enrollment cannot be refunded.");
        var order = await db.Orders.Where(o => o.EnrollmentId == id).Where(Order.Refundable).OrderByDescending(o => o.PaidAt).FirstOrDefaultAsync(ct);
        if (order is null)
            throw await db.SchoolPaymentEnrollments.AnyAsync(s => s.EnrollmentId == id, ct)
                ? DomainException.Conflict("refund.school_paid", "Your school paid for this enrollment: ask your school about refunds.")
                : DomainException.Conflict("refund.not_paid", "There is no payment to refund.");

        var refund = RefundRequests.Add(db, order, order.RefundableFen,
            string.IsNullOrWhiteSpace(request.Reason) ? "学生申请退款" : request.Reason.Trim(), Actor.Student(studentId), now);
        await db.SaveChangesAsync(ct);
        RefundRequests.Submit(jobs, refund);
        return TypedResults.Accepted($"/api/v1/enrollments/{id}/orders", OrderMapping.ToView(refund));
    }
}
