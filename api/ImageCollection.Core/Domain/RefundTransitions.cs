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

    /// <summary>WeChat took the refund and is paying it out.</summary>
    public StatusChange? Processing(string source, DateTimeOffset now) => MoveTo(RefundStatus.Processing, Wechat("PROCESSING", source), now);

    /// <summary>The money reached the student (at WeChat's <paramref name="succeededAt"/>).</summary>
    public StatusChange? Succeeded(DateTimeOffset? succeededAt, string source, DateTimeOffset now)
    {
        var change = MoveTo(RefundStatus.Succeeded, Wechat("SUCCESS", source), now);
        if (change is not null) SucceededAt = (succeededAt ?? now).ToUniversalTime();
        return change;
    }

    /// <summary>WeChat closed it without paying: the caller releases the reservation on the order.</summary>
    public StatusChange? Closed(string source, DateTimeOffset now) => MoveTo(RefundStatus.Closed, Wechat("CLOSED", source), now);

    /// <summary>WeChat could not pay it out (e.g. the card was cancelled): not final, support settles it.</summary>
    public StatusChange? Abnormal(string source, DateTimeOffset now) => MoveTo(RefundStatus.Abnormal, Wechat("ABNORMAL", source), now);

    /// <summary>WeChat refused to take it at all (a business rule): closed, with WeChat's reason kept.</summary>
    public StatusChange? RefusedByWechat(string why, DateTimeOffset now)
    {
        Attempted(why, now);
        return MoveTo(RefundStatus.Closed, "refused by WeChat", now);
    }

    private static string Wechat(string state, string source) => $"WeChat {state} ({source})";

    /// <summary>The one place the status changes, always on WeChat's word; a repeat of the current status changes nothing (null).</summary>
    private StatusChange? MoveTo(RefundStatus to, string reason, DateTimeOffset now)
    {
        if (to == Status) return null;
        if (!CanMove(Status, to))
            throw DomainException.Conflict("refund.invalid_transition",
                $"A refund that is {StatusNames.Snake(Status.ToString())} cannot become {StatusNames.Snake(to.ToString())}.");
        var change = new StatusChange(nameof(Refund), Id, Status.ToString(), to.ToString(), reason, Actor.System, now);
        Status = to;
        UpdatedAt = now;
        return change;
    }
}
