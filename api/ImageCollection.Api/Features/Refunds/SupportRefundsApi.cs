using System.Security.Claims;
using FluentValidation;
using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Features.PaymentExceptions;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Data;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Refunds;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ImageCollection.Api.Views;

namespace ImageCollection.Api.Features.Refunds;

/// <summary>Support refunds any paid order, fully or partly, with a reason; every action is audited.</summary>
public static class SupportRefundsApi
{
    public static IEndpointRouteBuilder MapSupportRefundsApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/staff/orders/{id:guid}/refunds", Refund).WithTags("Payment support").RequireAuthorization(Policies.Support)
            .Validate<SupportRefundRequest>().WithName("RefundOrder").WithSummary("Refund a paid order fully or partly")
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    public sealed record SupportRefundRequest(long AmountFen, string Reason);

    public sealed class Validator : AbstractValidator<SupportRefundRequest>
    {
        public Validator()
        {
            RuleFor(r => r.AmountFen).GreaterThan(0);
            RuleFor(r => r.Reason).NotEmpty().MaximumLength(80);
        }
    }

    public static async Task<Results<Accepted<RefundView>, NotFound>> Refund(Guid id, SupportRefundRequest request, AppDbContext db,
        IBackgroundJobClient jobs, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var order = await db.Orders.SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        order.CommitRefund(request.AmountFen, now);
        var refund = new Refund(order, RefundNumbers.New(), request.AmountFen, request.Reason.Trim(), user.Actor(), null, now);
        db.Refunds.Add(refund);
        // An approved photo is locked: refunding it anyway is a support override, audited as such.
        var overridesApproval = await db.Photos.AnyAsync(p => p.EnrollmentId == order.EnrollmentId && p.Status == PhotoStatus.Approved, ct);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), overridesApproval ? "refund.requested_override" : "refund.requested", nameof(Core.Domain.Refund),
            refund.Id, new { order.OutTradeNo, RefundableFen = order.RefundableFen + request.AmountFen },
            new { refund.OutRefundNo, refund.AmountFen, refund.Reason, OverridesApprovedPhoto = overridesApproval }, now));
        await db.SaveChangesAsync(ct); // a concurrent refund of the same order fails on the order's row version
        jobs.Enqueue<IRefundJobs>(j => j.SubmitAsync(refund.Id, CancellationToken.None));
        return TypedResults.Accepted($"/api/v1/staff/orders/{id}", OrderMapping.ToView(refund));
    }
}
