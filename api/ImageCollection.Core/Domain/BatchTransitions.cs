namespace ImageCollection.Core.Domain;

public sealed partial class Batch
{
    /// <summary>Allowed status changes: draft → open → closed, and a closed batch may reopen (e.g. a late make-up day).</summary>
    public static readonly IReadOnlyDictionary<BatchStatus, BatchStatus[]> Transitions = new Dictionary<BatchStatus, BatchStatus[]>
    {
        [BatchStatus.Draft] = [BatchStatus.Open],
        [BatchStatus.Open] = [BatchStatus.Closed],
        [BatchStatus.Closed] = [BatchStatus.Open],
    };

    public static bool CanMove(BatchStatus from, BatchStatus to) => Transitions[from].Contains(to);

    /// <summary>Students can find it and enroll (a closed batch may reopen, e.g. for a late make-up day).</summary>
    public BatchStatus Open(DateTimeOffset now) => MoveTo(BatchStatus.Open, now);

    public BatchStatus Close(DateTimeOffset now) => MoveTo(BatchStatus.Closed, now);

    /// <summary>The one place the status changes; the caller records the audit entry in the same transaction.</summary>
    private BatchStatus MoveTo(BatchStatus to, DateTimeOffset now)
    {
        if (!CanMove(Status, to))
            throw DomainException.Conflict("batch.invalid_transition",
                $"A {Status.ToString().ToLowerInvariant()} batch cannot become {to.ToString().ToLowerInvariant()}.");
        var from = Status;
        Status = to;
        UpdatedAt = now;
        return from;
    }
}
