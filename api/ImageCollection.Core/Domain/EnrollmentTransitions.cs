namespace ImageCollection.Core.Domain;

public sealed partial class Enrollment
{
    /// <summary>
    /// Active until withdrawn, refunded or completed (photo approved). Support overrides may take a completed one back
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

    /// <summary>Its photo was approved: collection is complete.</summary>
    public StatusChange PhotoApproved(Actor reviewer, DateTimeOffset now) => MoveTo(EnrollmentStatus.Completed, "photo approved", reviewer, now);

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
