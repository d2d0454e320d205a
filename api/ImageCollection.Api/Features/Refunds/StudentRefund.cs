using System.Security.Claims;
using FluentValidation;
using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Features.PaymentExceptions;
using ImageCollection.Api.Features.Refunds;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Data;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Refunds;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ImageCollection.Api.Views;

namespace ImageCollection.Api.Features.Refunds;

/// <summary>
/// A student who paid but has no photo yet asks for the money back within the batch's refund window; the enrollment
/// leaves the batch when the refund succeeds.
/// </summary>
public static class StudentRefund
{
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
        if (await RefundRules.HasPhotoAsync(db, id, ct))
            throw DomainException.Conflict("refund.photo_exists", "A photo was taken or is under review: this enrollment cannot be refunded.");
        var order = await db.Orders.Where(o => o.EnrollmentId == id && (o.Status == OrderStatus.Paid || o.Status == OrderStatus.PartiallyRefunded))
            .OrderByDescending(o => o.PaidAt).FirstOrDefaultAsync(ct);
        if (order is null || order.RefundableFen <= 0)
            throw await db.SchoolPaymentEnrollments.AnyAsync(s => s.EnrollmentId == id, ct)
                ? DomainException.Conflict("refund.school_paid", "Your school paid for this enrollment: ask your school about refunds.")
                : DomainException.Conflict("refund.not_paid", "There is no payment to refund.");

        var amount = order.RefundableFen;
        order.CommitRefund(amount, now);
        var refund = new Refund(order, RefundNumbers.New(), amount,
            string.IsNullOrWhiteSpace(request.Reason) ? "学生申请退款" : request.Reason.Trim(), Actor.Student(studentId), null, now);
        db.Refunds.Add(refund);
        db.AuditEntries.Add(new AuditEntry(Actor.Student(studentId), "refund.requested", nameof(Refund), refund.Id, null,
            new { refund.OutRefundNo, refund.AmountFen, order.OutTradeNo }, now));
        await db.SaveChangesAsync(ct); // the order's row version makes a concurrent second refund fail here
        jobs.Enqueue<IRefundJobs>(j => j.SubmitAsync(refund.Id, CancellationToken.None));
        return TypedResults.Accepted($"/api/v1/enrollments/{id}/orders", OrderMapping.ToView(refund));
    }
}
