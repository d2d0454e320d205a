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
/// A school's bulk refund (统一退费), once the batch's collection window has ended or the batch is closed: every
/// enrollment of the batch paid by a WeChat order that has no photo is refunded by a throttled job. It is previewed
/// first (who, how much, the total) and started from that preview, only while the batch would still refund exactly
/// that; school-paid enrollments are listed for the school, not refunded.
/// </summary>
public static class BulkRefundsApi
{
    public static IEndpointRouteBuilder MapBulkRefundsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff").WithTags("Bulk refunds").RequireAuthorization(Policies.Schools)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/batches/{batchId:guid}/bulk-refunds/preview", Preview).WithName("PreviewBulkRefund").ProducesProblem(409)
            .WithSummary("Who a bulk refund would refund, how much each, and the total (the batch must have ended)");
        group.MapPost("/batches/{batchId:guid}/bulk-refunds", Start).WithName("StartBulkRefund").ProducesProblem(409)
            .WithSummary("Start the bulk refund of a preview (refused when the preview is stale, expired or used)");
        group.MapGet("/batches/{batchId:guid}/bulk-refunds", List).WithName("ListBulkRefunds")
            .WithSummary("The batch's bulk refunds, newest first, with counts");
        group.MapGet("/bulk-refunds/{id:guid}", Get).WithName("GetBulkRefund");
        group.MapPost("/bulk-refunds/{id:guid}/pause", Pause).RequireAuthorization(Policies.Support).WithName("PauseBulkRefund").ProducesProblem(409)
            .WithSummary("Stop sending (the refund being sent finishes); resume sends the rest");
        group.MapPost("/bulk-refunds/{id:guid}/resume", Resume).RequireAuthorization(Policies.Support).WithName("ResumeBulkRefund").ProducesProblem(409);
        return app;
    }

    public sealed record BulkRefundPreviewRequest(string Reason);

    public sealed class PreviewValidator : AbstractValidator<BulkRefundPreviewRequest>
    {
        public PreviewValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(80);
    }

    public sealed record BulkRefundRequest(Guid PreviewId);

    public sealed class Validator : AbstractValidator<BulkRefundRequest>
    {
        public Validator() => RuleFor(r => r.PreviewId).NotEmpty();
    }

    public sealed record PreviewLine(Guid OrderId, Guid EnrollmentId, string MaskedName, string? StudentNumber, string? Department, string? ClassName,
        long AmountFen);

    public sealed record BulkRefundPreviewView(Guid Id, Guid BatchId, string Reason, int Count, long TotalFen, IReadOnlyList<PreviewLine> Refunds,
        IReadOnlyList<Guid> SchoolPaidEnrollmentIds, DateTimeOffset ExpiresAt);

    public sealed record BulkRefundView(Guid Id, Guid BatchId, BulkJobStatus Status, string? PausedReason, int Total, int Succeeded, int Failed,
        int Pending, IReadOnlyList<Guid> SchoolPaidEnrollmentIds, DateTimeOffset CreatedAt);

    public static async Task<Results<Created<BulkRefundPreviewView>, NotFound>> Preview(Guid batchId, BulkRefundPreviewRequest request,
        AppDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var batch = await db.Batches.AsNoTracking().Visible(user).SingleOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        EnsureEnded(batch, now);
        var selected = await Selected(db, batchId, ct);
        var preview = new BulkRefundPreview(batchId, user.Actor(), request.Reason.Trim(),
            selected.Select(x => new PreviewedRefund(x.Order.Id, x.Order.EnrollmentId, x.Order.RefundableFen)).ToList(), now);
        db.BulkRefundPreviews.Add(preview);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "bulk_refund.previewed", nameof(BulkRefundPreview), preview.Id, null,
            new { batchId, preview.Count, preview.TotalFen }, now));
        await db.SaveChangesAsync(ct);
        var schoolPaid = await BulkRefundSelection.SchoolPaidEnrollments(db, batchId).ToListAsync(ct);
        return TypedResults.Created($"/api/v1/staff/batches/{batchId}/bulk-refunds", new BulkRefundPreviewView(preview.Id, batchId, preview.Reason,
            preview.Count, preview.TotalFen, selected.Select(x => new PreviewLine(x.Order.Id, x.Order.EnrollmentId, x.Name, x.Number, x.Department,
                x.ClassName, x.Order.RefundableFen)).ToList(), schoolPaid, preview.ExpiresAt.ToChina()));
    }

    private static void EnsureEnded(Batch batch, DateTimeOffset now)
    {
        if (!batch.HasEnded(now))
            throw DomainException.Conflict("bulk_refund.too_early",
                $"A bulk refund starts once the collection window has ended ({batch.CollectionClosesAt.ToChina():yyyy-MM-dd HH:mm}) or the batch is closed.");
    }

    private sealed record Selection(Order Order, string Name, string? Number, string? Department, string? ClassName);

    private static async Task<List<Selection>> Selected(AppDbContext db, Guid batchId, CancellationToken ct) =>
        (await (from o in BulkRefundSelection.OrdersToRefund(db, batchId)
                join e in db.Enrollments on o.EnrollmentId equals e.Id
                orderby o.PaidAt
                select new { o, e.Identity.Name, Number = e.Identity.StudentNumber!.Masked, e.Identity.Major, e.Identity.ClassName })
            .ToListAsync(ct))
        .Select(x => new Selection(x.o, Core.PersonalData.Mask.Name(x.Name), x.Number, x.Major, x.ClassName)).ToList();

    public static async Task<Results<Accepted<BulkRefundView>, NotFound>> Start(Guid batchId, BulkRefundRequest request, AppDbContext db,
        IBackgroundJobClient jobs, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var batch = await db.Batches.AsNoTracking().Visible(user).SingleOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        var preview = await db.BulkRefundPreviews.SingleOrDefaultAsync(p => p.Id == request.PreviewId && p.BatchId == batchId, ct)
                      ?? throw RequestValidationException.For("previewId", "No preview of this batch has this id: preview the bulk refund first.");
        var now = clock.GetUtcNow();
        EnsureEnded(batch, now);
        var job = new BulkRefundJob(batchId, user.Actor(), preview.Reason, now);
        var orders = await BulkRefundSelection.OrdersToRefund(db, batchId).ToListAsync(ct);
        preview.Start(job.Id, orders.Select(o => new PreviewedRefund(o.Id, o.EnrollmentId, o.RefundableFen)).ToList(), now);
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

    public static async Task<Results<Ok<List<BulkRefundView>>, NotFound>> List(Guid batchId, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Batches.Visible(user).AnyAsync(b => b.Id == batchId, ct)) return TypedResults.NotFound();
        var jobs = await db.BulkRefundJobs.AsNoTracking().Where(j => j.BatchId == batchId).OrderByDescending(j => j.CreatedAt).Take(50).ToListAsync(ct);
        var views = new List<BulkRefundView>(jobs.Count);
        foreach (var job in jobs) views.Add(await ViewAsync(db, job, ct));
        return TypedResults.Ok(views);
    }

    /// <summary>Support stops a bulk refund: paused in the write that frees its lease, so the run stops before its next refund.</summary>
    public static async Task<Results<Ok<BulkRefundView>, NotFound>> Pause(Guid id, AppDbContext db, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken ct)
    {
        // The running worker renews its lease on this row before every refund: the row is locked, not compared by version.
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var job = await db.LockAsync(db.BulkRefundJobs.FromSql($"select *, xmin from bulk_refund_jobs where id = {id} for update"), ct);
        if (job is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        if (job.PausedByStaff(user.Actor(), now) is { } paused) db.StatusChanges.Add(paused);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "bulk_refund.paused", nameof(BulkRefundJob), id, null, null, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, job, ct));
    }

    /// <summary>
    /// After the balance is topped up, or a pause by support: queued again and run now (a pause for the balance also
    /// retries by itself, slowly; one by support waits for this).
    /// </summary>
    public static async Task<Results<Accepted<BulkRefundView>, NotFound>> Resume(Guid id, AppDbContext db, IBackgroundJobClient jobs, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var job = await db.BulkRefundJobs.SingleOrDefaultAsync(j => j.Id == id, ct);
        if (job is null) return TypedResults.NotFound();
        db.StatusChanges.Add(job.Resumed(user.Actor(), clock.GetUtcNow()));
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
