using System.Security.Claims;
using FluentValidation;
using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.PaymentExceptions;

/// <summary>Money that does not match what we expected, for support to resolve; and the reconciliation that finds it.</summary>
public static class PaymentExceptionsApi
{
    public static IEndpointRouteBuilder MapPaymentExceptionsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff").WithTags("Payment support").RequireAuthorization(Policies.Support)
            .ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/payment-exceptions", ListExceptions).WithName("ListPaymentExceptions");
        group.MapPost("/payment-exceptions/{id:guid}/resolve", Resolve).WithName("ResolvePaymentException")
            .ProducesProblem(404).ProducesProblem(409);
        group.MapPost("/payments/reconciliations", Reconcile).WithName("Reconcile")
            .WithSummary("Reconcile a past day against WeChat's trade bill now (it also runs daily for yesterday)");
        group.MapGet("/payments/reconciliations", ReconciliationRuns.List).WithName("ListReconciliations")
            .WithSummary("Reconciliation runs, newest first, with their counts and the differences each found");
        return app;
    }

    public sealed record PaymentExceptionView(Guid Id, PaymentExceptionKind Kind, PaymentExceptionStatus Status, Guid? OrderId, Guid? RefundId,
        string? OutTradeNo, string? TransactionId, string Detail, DateTimeOffset CreatedAt, Guid? ResolvedBy, DateTimeOffset? ResolvedAt, string? Resolution);

    public sealed record ResolveRequest([property: Text(MultiLine = true)] string Resolution);

    public sealed record ReconcileRequest(DateOnly BillDate);

    public sealed class ReconcileRequestValidator : AbstractValidator<ReconcileRequest>
    {
        public ReconcileRequestValidator(TimeProvider clock) =>
            RuleFor(r => r.BillDate).LessThan(_ => ChinaTime.Today(clock)).WithMessage("A trade bill exists only for past days.")
                .GreaterThanOrEqualTo(_ => ChinaTime.Today(clock).AddMonths(-3)).WithMessage("WeChat serves trade bills of the last three months.");
    }

    public static async Task<Accepted<ReconciliationRuns.ReconciliationRunView>> Reconcile(ReconcileRequest request, IBackgroundJobClient jobs,
        AppDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var run = new ReconciliationRun(request.BillDate, user.Actor(), now);
        db.ReconciliationRuns.Add(run);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "payments.reconciliation_requested", nameof(ReconciliationRun), run.Id, null,
            new { request.BillDate }, now));
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<Core.Jobs.IReconciliationJobs>(j => j.RunRequestedAsync(run.Id, CancellationToken.None));
        return TypedResults.Accepted("/api/v1/staff/payments/reconciliations", ReconciliationRuns.ToView(run, []));
    }

    public sealed class ResolveRequestValidator : AbstractValidator<ResolveRequest>
    {
        public ResolveRequestValidator() => RuleFor(r => r.Resolution).NotEmpty().MaximumLength(1000);
    }

    private static PaymentExceptionView ToView(PaymentException e) => new(e.Id, e.Kind, e.Status, e.OrderId, e.RefundId, e.OutTradeNo,
        e.TransactionId, e.Detail, e.CreatedAt.ToChina(), e.ResolvedBy, e.ResolvedAt.ToChina(), e.Resolution);

    public static async Task<Ok<List<PaymentExceptionView>>> ListExceptions(string? status, string? kind, AppDbContext db, CancellationToken ct)
    {
        var (statusFilter, kindFilter) = (QueryEnum.Parse<PaymentExceptionStatus>(status, "status"), QueryEnum.Parse<PaymentExceptionKind>(kind, "kind"));
        var query = db.PaymentExceptions.AsNoTracking();
        if (statusFilter is not null) query = query.Where(e => e.Status == statusFilter);
        if (kindFilter is not null) query = query.Where(e => e.Kind == kindFilter);
        return TypedResults.Ok((await query.OrderByDescending(e => e.CreatedAt).Take(500).ToListAsync(ct)).Select(ToView).ToList());
    }

    public static async Task<Results<Ok<PaymentExceptionView>, NotFound>> Resolve(Guid id, ResolveRequest request, AppDbContext db,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var exception = await db.PaymentExceptions.SingleOrDefaultAsync(e => e.Id == id, ct);
        if (exception is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        exception.Resolve(user.UserId(), request.Resolution, now);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "payment_exception.resolved", nameof(PaymentException), id, null,
            new { exception.Kind, exception.Resolution }, now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToView(exception));
    }
}
