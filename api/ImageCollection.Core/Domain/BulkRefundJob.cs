namespace ImageCollection.Core.Domain;

public enum BulkJobStatus { Queued, Running, Paused, Completed, Failed }

/// <summary>
/// A school's bulk refund (统一退费) of a batch: its refunds are created up front (each with its out_refund_no), so
/// a resumed or restarted job sends the same refunds again and nobody is refunded twice.
/// </summary>
public sealed class BulkRefundJob
{
    private BulkRefundJob() { }

    public BulkRefundJob(Guid batchId, Actor requestedBy, string reason, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        BatchId = batchId;
        RequestedByType = requestedBy.Type;
        RequestedById = requestedBy.Id;
        Reason = reason;
        Status = BulkJobStatus.Queued;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid BatchId { get; private set; }
    public string RequestedByType { get; private set; } = "";
    public Guid? RequestedById { get; private set; }
    public string Reason { get; private set; } = "";
    public BulkJobStatus Status { get; private set; }
    public int Total { get; private set; }
    public string? PausedReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    /// <summary>The run sending the refunds now, and until when its claim holds without renewal (taken and renewed by the worker).</summary>
    public Guid? LeaseId { get; private set; }
    public DateTimeOffset? LeaseUntil { get; private set; }

    public static readonly IReadOnlyDictionary<BulkJobStatus, BulkJobStatus[]> Transitions = new Dictionary<BulkJobStatus, BulkJobStatus[]>
    {
        [BulkJobStatus.Queued] = [BulkJobStatus.Running, BulkJobStatus.Paused, BulkJobStatus.Failed],
        [BulkJobStatus.Running] = [BulkJobStatus.Paused, BulkJobStatus.Completed, BulkJobStatus.Failed],
        // Running again after a pause for the balance (the worker's retry), or queued again when support resumes it.
        [BulkJobStatus.Paused] = [BulkJobStatus.Running, BulkJobStatus.Queued, BulkJobStatus.Failed],
        [BulkJobStatus.Completed] = [],
        [BulkJobStatus.Failed] = [],
    };

    public void Planned(int total) => Total = total;

    /// <summary>The worker sends its refunds (again, after a pause or a restart).</summary>
    public StatusChange? Started(DateTimeOffset now) => MoveTo(BulkJobStatus.Running, "sending refunds", now);

    public StatusChange? Completed(DateTimeOffset now) => MoveTo(BulkJobStatus.Completed, "every refund sent", now);

    /// <summary>WeChat said NOT_ENOUGH: the merchant balance must be topped up before the rest can go.</summary>
    public StatusChange? PausedForBalance(DateTimeOffset now) =>
        MoveTo(BulkJobStatus.Paused, "NOT_ENOUGH: the merchant's refundable balance is insufficient", now);

    /// <summary>Why a job support paused is paused: no run takes it (not the balance retry either) until support resumes it.</summary>
    public const string StaffPauseReason = "paused by support";

    /// <summary>Paused by support and not resumed: no run sends its refunds.</summary>
    public bool HeldBySupport => Status == BulkJobStatus.Paused && PausedReason == StaffPauseReason;

    /// <summary>
    /// Support stops it while it runs or waits to run: the run stops before its next refund, a run not yet started sends
    /// nothing, and a pause for the balance becomes support's (its retry no longer resumes it); resume sends the rest.
    /// </summary>
    public StatusChange? PausedByStaff(Actor actor, DateTimeOffset now)
    {
        if (Status is not (BulkJobStatus.Queued or BulkJobStatus.Running or BulkJobStatus.Paused))
            throw DomainException.Conflict("bulk_refund.not_running", "Only a queued, running or paused bulk refund can be paused.");
        return MoveTo(BulkJobStatus.Paused, StaffPauseReason, actor, now);
    }

    /// <summary>Support resumes a paused job: queued again, for the run support's resume starts.</summary>
    public StatusChange Resumed(Actor actor, DateTimeOffset now)
    {
        if (Status != BulkJobStatus.Paused)
            throw DomainException.Conflict("bulk_refund.not_paused", "Only a paused bulk refund can be resumed.");
        return MoveTo(BulkJobStatus.Queued, "resumed by support", actor, now)!;
    }

    private StatusChange? MoveTo(BulkJobStatus to, string reason, DateTimeOffset now) => MoveTo(to, reason, Actor.System, now);

    /// <summary>
    /// The one place the status changes (by the worker, or by support's pause and resume); a repeat of the current
    /// status changes nothing (null), but for a pause whose reason changes (for the balance → by support), recorded too.
    /// </summary>
    private StatusChange? MoveTo(BulkJobStatus to, string reason, Actor actor, DateTimeOffset now)
    {
        if (to == Status && (to != BulkJobStatus.Paused || reason == PausedReason)) return null;
        if (to != Status && !Transitions[Status].Contains(to))
            throw DomainException.Conflict("bulk_job.invalid_transition",
                $"A {StatusNames.Snake(Status.ToString())} job cannot become {StatusNames.Snake(to.ToString())}.");
        var change = new StatusChange(nameof(BulkRefundJob), Id, Status.ToString(), to.ToString(), reason, actor, now);
        Status = to;
        PausedReason = to == BulkJobStatus.Paused ? reason : null;
        if (to != BulkJobStatus.Running) (LeaseId, LeaseUntil) = (null, null); // paused or done in the same write that frees the job
        UpdatedAt = now;
        return change;
    }
}
