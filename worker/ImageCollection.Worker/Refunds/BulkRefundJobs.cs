using Hangfire;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Orders;
using ImageCollection.Core.PaymentExceptions;
using ImageCollection.Core.Refunds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Worker.Refunds;

/// <summary>
/// Sends a bulk refund's refunds at <c>Payments:BulkRefundPerSecond</c>. Its refunds exist before it runs, each with
/// its out_refund_no, so a crash, a restart or a resume sends only those still requested — WeChat treats a resend
/// of the same number as the same refund. NOT_ENOUGH pauses the job, tells support, and schedules a slow retry.
/// </summary>
public sealed class BulkRefundJobs(AppDbContext db, RefundSubmitter submitter, IBackgroundJobClient jobs, IOptions<PaymentsOptions> options,
    TimeProvider clock, ILogger<BulkRefundJobs> logger) : IBulkRefundJobs
{
    public async Task RunAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var job = await db.BulkRefundJobs.SingleOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null || job.Status is BulkJobStatus.Completed or BulkJobStatus.Failed) return;
        if (job.Started(clock.GetUtcNow()) is { } started) db.StatusChanges.Add(started);
        await db.SaveChangesAsync(cancellationToken);

        var pace = TimeSpan.FromSeconds(1 / options.Value.BulkRefundPerSecond);
        var pending = await db.Refunds.AsNoTracking().Where(r => r.BulkJobId == jobId && r.Status == RefundStatus.Requested)
            .OrderBy(r => r.CreatedAt).Select(r => r.Id).ToListAsync(cancellationToken);
        var deferred = 0;
        foreach (var refundId in pending)
        {
            var sentAt = clock.GetUtcNow();
            var outcome = await submitter.SubmitAsync(refundId, cancellationToken);
            if (outcome == SubmitOutcome.NotEnough)
            {
                await PauseAsync(job, cancellationToken);
                return;
            }
            if (outcome == SubmitOutcome.Deferred) deferred++;
            var wait = pace - (clock.GetUtcNow() - sentAt);
            if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
        }

        if (deferred > 0)
        {
            logger.LogInformation("Bulk refund {JobId}: {Deferred} refunds deferred; running again shortly", jobId, deferred);
            jobs.Schedule<IBulkRefundJobs>(j => j.RunAsync(jobId, CancellationToken.None), TimeSpan.FromSeconds(30));
            return;
        }
        db.ChangeTracker.Clear();
        job = await db.BulkRefundJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
        if (job.Completed(clock.GetUtcNow()) is { } done) db.StatusChanges.Add(done);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task PauseAsync(BulkRefundJob job, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        db.ChangeTracker.Clear();
        job = await db.BulkRefundJobs.SingleAsync(j => j.Id == job.Id, ct);
        if (job.PausedForBalance(now) is { } paused)
            db.StatusChanges.Add(paused);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await PaymentExceptionLog.OpenAsync(db, PaymentExceptionKind.InsufficientBalance, $"{job.Id}:{now:yyyyMMddHHmm}",
            $"Bulk refund {job.Id} paused: top up the merchant balance, then resume it (it also retries by itself).", now, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogWarning("Bulk refund {JobId} paused on NOT_ENOUGH; support alerted", job.Id);
        jobs.Schedule<IBulkRefundJobs>(j => j.RunAsync(job.Id, CancellationToken.None), options.Value.NotEnoughRetryAfter);
    }
}
