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
/// A run holds a lease on the job's row (<c>Jobs:CheckLease</c>, renewed as it goes): a second run finding it held
/// leaves, and the sweeper hands a job whose run died on to a new one once the lease has run out.
/// </summary>
public sealed class BulkRefundJobs(AppDbContext db, RefundSubmitter submitter, IBackgroundJobClient jobs, IOptions<PaymentsOptions> options,
    IOptions<JobsOptions> jobOptions, TimeProvider clock, ILogger<BulkRefundJobs> logger) : IBulkRefundJobs
{
    /// <summary>How long refunds deferred by WeChat (system errors, frequency limits) wait before the sweeper runs the job again.</summary>
    private static readonly TimeSpan DeferredWait = TimeSpan.FromSeconds(30);

    public async Task RunAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var lease = Guid.NewGuid();
        if (!await TakeLeaseAsync(jobId, lease, cancellationToken))
        {
            logger.LogInformation("Bulk refund {JobId}: done, or another run holds it; nothing to do", jobId);
            return;
        }
        try
        {
            await SendAsync(jobId, lease, cancellationToken);
        }
        finally
        {
            await LeaseQuery(jobId, lease).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseId, (Guid?)null)
                .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null), CancellationToken.None);
        }
    }

    private async Task SendAsync(Guid jobId, Guid lease, CancellationToken cancellationToken)
    {
        var job = await db.BulkRefundJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
        if (job.HeldBySupport) return; // support paused it since the lease was taken
        if (job.Started(clock.GetUtcNow()) is { } started) db.StatusChanges.Add(started);
        await db.SaveChangesAsync(cancellationToken);

        var pace = TimeSpan.FromSeconds(1 / options.Value.BulkRefundPerSecond);
        var pending = await db.Refunds.AsNoTracking().Where(r => r.BulkJobId == jobId && r.Status == RefundStatus.Requested)
            .OrderBy(r => r.CreatedAt).Select(r => r.Id).ToListAsync(cancellationToken);
        var deferred = 0;
        foreach (var refundId in pending)
        {
            // Renewed before every refund (one row update): a lease gone means support paused the job, or it ran out and
            // another run took over; either way this run sends nothing more.
            var until = clock.GetUtcNow() + jobOptions.Value.CheckLease;
            if (await LeaseQuery(jobId, lease).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseUntil, until), cancellationToken) == 0)
            {
                logger.LogInformation("Bulk refund {JobId}: paused, or taken over by another run; this one stops", jobId);
                return;
            }
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
            // Nobody's run, but not to be taken before the wait is over: the sweeper runs it again then.
            logger.LogInformation("Bulk refund {JobId}: {Deferred} refunds deferred; running again shortly", jobId, deferred);
            await LeaseQuery(jobId, lease).ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseId, (Guid?)null)
                .SetProperty(j => j.LeaseUntil, clock.GetUtcNow() + DeferredWait), cancellationToken);
            return;
        }
        db.ChangeTracker.Clear();
        job = await db.BulkRefundJobs.SingleAsync(j => j.Id == jobId, cancellationToken);
        if (job.Status == BulkJobStatus.Paused) return; // support paused it after the last refund went: resume completes it
        if (job.Completed(clock.GetUtcNow()) is { } done) db.StatusChanges.Add(done);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The job's row while this run's lease is on it.</summary>
    private IQueryable<BulkRefundJob> LeaseQuery(Guid jobId, Guid lease) => db.BulkRefundJobs.Where(j => j.Id == jobId && j.LeaseId == lease);

    /// <summary>
    /// Claims a job that is not done, not held by support's pause, and whose last lease (if any) has run out; one
    /// statement, so two runs never both win. A job paused for the balance is taken (its retry); one support paused is
    /// not, until support resumes it (queued again).
    /// </summary>
    private async Task<bool> TakeLeaseAsync(Guid jobId, Guid lease, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var until = now + jobOptions.Value.CheckLease;
        return await db.BulkRefundJobs.Where(j => j.Id == jobId && j.Status != BulkJobStatus.Completed && j.Status != BulkJobStatus.Failed
                && !(j.Status == BulkJobStatus.Paused && j.PausedReason == BulkRefundJob.StaffPauseReason)
                && (j.LeaseUntil == null || j.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseId, lease).SetProperty(j => j.LeaseUntil, until), ct) == 1;
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var quiet = now - jobOptions.Value.SweepInterval;
        var stuck = await db.BulkRefundJobs.AsNoTracking()
            .Where(j => (j.Status == BulkJobStatus.Queued && j.CreatedAt < quiet)
                || (j.Status == BulkJobStatus.Running && (j.LeaseUntil == null || j.LeaseUntil < now)))
            .OrderBy(j => j.CreatedAt).Select(j => j.Id).Take(100).ToListAsync(cancellationToken);
        foreach (var id in stuck) jobs.Enqueue<IBulkRefundJobs>(j => j.RunAsync(id, CancellationToken.None));
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
