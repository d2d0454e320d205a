namespace ImageCollection.Core.Domain;

public sealed partial class Enrollment
{
    /// <summary>
    /// Active until withdrawn, refunded or completed (photo delivered to CHSI). Support overrides may take a completed one back
    /// to active (its approved photo rejected after all) or refund it.
    /// </summary>
    public static readonly IReadOnlyDictionary<EnrollmentStatus, EnrollmentStatus[]> Transitions = new Dictionary<EnrollmentStatus, EnrollmentStatus[]>
    {
        [EnrollmentStatus.Active] = [EnrollmentStatus.Withdrawn, EnrollmentStatus.Refunded, EnrollmentStatus.Completed],
        [EnrollmentStatus.Completed] = [EnrollmentStatus.Active, EnrollmentStatus.Refunded],
        [EnrollmentStatus.Withdrawn] = [],
        [EnrollmentStatus.Refunded] = [],
    };

    public static bool CanMove(EnrollmentStatus from, EnrollmentStatus to) => Transitions[from].Contains(to);

    /// <summary>The student leaves before paying or being photographed (the caller checked both).</summary>
    public StatusChange Withdraw(Actor student, DateTimeOffset now) => MoveTo(EnrollmentStatus.Withdrawn, "withdrawn by the student", student, now);

    /// <summary>A refund left nothing paid: the enrollment leaves the batch.</summary>
    public StatusChange Refunded(DateTimeOffset now) => MoveTo(EnrollmentStatus.Refunded, "refund succeeded", Actor.System, now);

    /// <summary>
    /// Its photo reached CHSI and, where the batch sells prints, its prints were shipped or handed over: collection is
    /// complete (<see cref="Delivery.Completion"/> decides; the reason names the half that came last).
    /// </summary>
    public StatusChange Completed(string reason, Actor actor, DateTimeOffset now) => MoveTo(EnrollmentStatus.Completed, reason, actor, now);

    /// <summary>CHSI refused a photo it had acknowledged: collection is not complete after all (the photo goes into the next package).</summary>
    public StatusChange? DeliveryUndone(Actor actor, DateTimeOffset now) =>
        Status == EnrollmentStatus.Completed ? MoveTo(EnrollmentStatus.Active, "delivery refused by CHSI", actor, now) : null;

    /// <summary>
    /// CHSI's identity comparison failed: active again, with one free new photo (an upload outside the window and the
    /// limits, or a shot at a station), and no new payment.
    /// </summary>
    public StatusChange? ReopenedForFreePhoto(Actor actor, DateTimeOffset now)
    {
        FreePhotoSince = now;
        UpdatedAt = now;
        return Status == EnrollmentStatus.Active ? null : MoveTo(EnrollmentStatus.Active, "CHSI comparison failed: one free new photo", actor, now);
    }

    /// <summary>Support rejected the approved photo after all: the enrollment is active again, for a new photo.</summary>
    public StatusChange ApprovalOverridden(Actor support, DateTimeOffset now) =>
        MoveTo(EnrollmentStatus.Active, "approval overridden by support", support, now);

    /// <summary>The one place the status changes. Returns the history row to add in the same transaction.</summary>
    private StatusChange MoveTo(EnrollmentStatus to, string reason, Actor actor, DateTimeOffset now)
    {
        if (!CanMove(Status, to))
            throw DomainException.Conflict("enrollment.invalid_transition",
                $"An enrollment that is {Status.ToString().ToLowerInvariant()} cannot become {to.ToString().ToLowerInvariant()}.");
        var change = new StatusChange(nameof(Enrollment), Id, Status.ToString(), to.ToString(), reason, actor, now);
        Status = to;
        UpdatedAt = now;
        return change;
    }
}
