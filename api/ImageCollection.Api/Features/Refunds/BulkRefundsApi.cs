using System.Security.Claims;
using FluentValidation;
using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Refunds;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Refunds;

/// <summary>
/// A school's bulk refund (统一退费): every enrollment of the batch paid by a WeChat order that has no photo taken or in
/// progress is refunded by a throttled job; school-paid enrollments are listed for the school, not refunded.
/// </summary>
public static class BulkRefundsApi
{
    public static IEndpointRouteBuilder MapBulkRefundsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff").WithTags("Bulk refunds").RequireAuthorization(Policies.Schools)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/batches/{batchId:guid}/bulk-refunds", Start).WithName("StartBulkRefund").ProducesProblem(409);
        group.MapGet("/bulk-refunds/{id:guid}", Get).WithName("GetBulkRefund");
        group.MapPost("/bulk-refunds/{id:guid}/resume", Resume).RequireAuthorization(Policies.Support).WithName("ResumeBulkRefund").ProducesProblem(409);
        return app;
    }

    public sealed record BulkRefundRequest(string Reason);

    public sealed class Validator : AbstractValidator<BulkRefundRequest>
    {
        public Validator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(80);
    }

    public sealed record BulkRefundView(Guid Id, Guid BatchId, BulkJobStatus Status, string? PausedReason, int Total, int Succeeded, int Failed,
        int Pending, IReadOnlyList<Guid> SchoolPaidEnrollmentIds, DateTimeOffset CreatedAt);

    public static async Task<Results<Accepted<BulkRefundView>, NotFound>> Start(Guid batchId, BulkRefundRequest request, AppDbContext db,
        IBackgroundJobClient jobs, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Batches.Visible(user).AnyAsync(b => b.Id == batchId, ct)) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var job = new BulkRefundJob(batchId, user.Actor(), request.Reason.Trim(), now);
        var orders = await BulkRefundSelection.OrdersToRefund(db, batchId).ToListAsync(ct);
        foreach (var order in orders) RefundRequests.Add(db, order, order.RefundableFen, job.Reason, user.Actor(), now, bulkJobId: job.Id);
        job.Planned(orders.Count);
        db.BulkRefundJobs.Add(job);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "bulk_refund.started", nameof(BulkRefundJob), job.Id, null,
            new { batchId, job.Reason, Refunds = orders.Count, AmountFen = orders.Sum(o => o.RefundCommittedFen) }, now));
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<IBulkRefundJobs>(j => j.RunAsync(job.Id, CancellationToken.None));
        return TypedResults.Accepted($"/api/v1/staff/bulk-refunds/{job.Id}", await ViewAsync(db, job, ct));
    }

    public static async Task<Results<Ok<BulkRefundView>, NotFound>> Get(Guid id, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var job = await db.BulkRefundJobs.AsNoTracking().SingleOrDefaultAsync(j => j.Id == id, ct);
        if (job is null || !await db.Batches.Visible(user).AnyAsync(b => b.Id == job.BatchId, ct)) return TypedResults.NotFound();
        return TypedResults.Ok(await ViewAsync(db, job, ct));
    }

    /// <summary>After the balance is topped up: runs the job again now (it also retries by itself, slowly).</summary>
    public static async Task<Results<Accepted<BulkRefundView>, NotFound>> Resume(Guid id, AppDbContext db, IBackgroundJobClient jobs, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var job = await db.BulkRefundJobs.SingleOrDefaultAsync(j => j.Id == id, ct);
        if (job is null) return TypedResults.NotFound();
        if (job.Status != BulkJobStatus.Paused)
            throw DomainException.Conflict("bulk_refund.not_paused", "Only a paused bulk refund can be resumed.");
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "bulk_refund.resumed", nameof(BulkRefundJob), id, null, null, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<IBulkRefundJobs>(j => j.RunAsync(id, CancellationToken.None));
        return TypedResults.Accepted($"/api/v1/staff/bulk-refunds/{id}", await ViewAsync(db, job, ct));
    }

    private static async Task<BulkRefundView> ViewAsync(AppDbContext db, BulkRefundJob job, CancellationToken ct)
    {
        var counts = await db.Refunds.Where(r => r.BulkJobId == job.Id).GroupBy(r => r.Status).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, ct);
        int Count(params RefundStatus[] s) => s.Sum(x => counts.GetValueOrDefault(x));
        var schoolPaid = await BulkRefundSelection.SchoolPaidEnrollments(db, job.BatchId).ToListAsync(ct);
        return new BulkRefundView(job.Id, job.BatchId, job.Status, job.PausedReason, job.Total, Count(RefundStatus.Succeeded),
            Count(RefundStatus.Closed, RefundStatus.Abnormal), Count(RefundStatus.Requested, RefundStatus.Processing), schoolPaid, job.CreatedAt.ToChina());
    }
}
