using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Domain;

public sealed partial class Refund
{
    public static readonly IReadOnlyDictionary<RefundStatus, RefundStatus[]> Transitions = new Dictionary<RefundStatus, RefundStatus[]>
    {
        [RefundStatus.Requested] = [RefundStatus.Processing, RefundStatus.Succeeded, RefundStatus.Closed, RefundStatus.Abnormal],
        [RefundStatus.Processing] = [RefundStatus.Succeeded, RefundStatus.Closed, RefundStatus.Abnormal],
        [RefundStatus.Abnormal] = [RefundStatus.Processing, RefundStatus.Succeeded, RefundStatus.Closed],
        [RefundStatus.Succeeded] = [],
        [RefundStatus.Closed] = [],
    };

    public static bool CanMove(RefundStatus from, RefundStatus to) => Transitions[from].Contains(to);

    /// <summary>The one place the status changes; a repeat of the current status changes nothing (null).</summary>
    public StatusChange? MoveTo(RefundStatus to, string reason, Actor actor, DateTimeOffset now, DateTimeOffset? succeededAt = null)
    {
        if (to == Status) return null;
        if (!CanMove(Status, to))
            throw DomainException.Conflict("refund.invalid_transition", $"A refund that is {StatusNames.Snake(Status.ToString())} cannot become {StatusNames.Snake(to.ToString())}.");
        var change = new StatusChange(nameof(Refund), Id, Status.ToString(), to.ToString(), reason, actor, now);
        Status = to;
        UpdatedAt = now;
        if (to == RefundStatus.Succeeded) SucceededAt = (succeededAt ?? now).ToUniversalTime();
        return change;
    }
}
