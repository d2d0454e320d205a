using System.Security.Claims;
using FluentValidation;
using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Refunds;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Refunds;

/// <summary>Support refunds any paid order, fully or partly, with a reason; every action is audited.</summary>
public static class SupportRefundsApi
{
    public static IEndpointRouteBuilder MapSupportRefundsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/orders").WithTags("Payment support").RequireAuthorization(Policies.Support)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(409);
        group.MapPost("/{id:guid}/refunds", Refund).WithName("RefundOrder").WithSummary("Refund a paid order fully or partly").ProducesProblem(404);
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
        // An approved photo is locked: refunding it anyway is a support override, audited as such.
        var overridesApproval = await db.Photos.AnyAsync(p => p.EnrollmentId == order.EnrollmentId && p.Status == PhotoStatus.Approved, ct);
        var refund = RefundRequests.Add(db, order, request.AmountFen, request.Reason.Trim(), user.Actor(), now,
            auditAction: overridesApproval ? "refund.requested_override" : "refund.requested");
        await db.SaveChangesAsync(ct);
        RefundRequests.Submit(jobs, refund);
        return TypedResults.Accepted($"/api/v1/staff/orders/{id}", OrderMapping.ToView(refund));
    }
}
