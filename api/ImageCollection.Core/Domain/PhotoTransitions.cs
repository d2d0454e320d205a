namespace ImageCollection.Core.Domain;

public sealed partial class Photo
{
    /// <summary>
    /// uploaded → checking → check_failed | pending_review → approved | rejected. A student may withdraw while it waits;
    /// an approved photo is locked, and only a support override (audited) can reject it afterwards.
    /// </summary>
    public static readonly IReadOnlyDictionary<PhotoStatus, PhotoStatus[]> Transitions = new Dictionary<PhotoStatus, PhotoStatus[]>
    {
        [PhotoStatus.Uploaded] = [PhotoStatus.Checking, PhotoStatus.Withdrawn],
        [PhotoStatus.Checking] = [PhotoStatus.CheckFailed, PhotoStatus.PendingReview, PhotoStatus.Withdrawn],
        [PhotoStatus.PendingReview] = [PhotoStatus.Approved, PhotoStatus.Rejected, PhotoStatus.Withdrawn],
        [PhotoStatus.Approved] = [PhotoStatus.Rejected],
        [PhotoStatus.CheckFailed] = [],
        [PhotoStatus.Rejected] = [],
        [PhotoStatus.Withdrawn] = [],
    };

    public static bool CanMove(PhotoStatus from, PhotoStatus to) => Transitions[from].Contains(to);

    /// <summary>A worker takes the photo for checking (again, when an earlier worker's lease ran out).</summary>
    public StatusChange? StartCheck(Actor worker, DateTimeOffset now)
    {
        CheckStartedAt = now;
        CheckAttempts++;
        UpdatedAt = now;
        return Status == PhotoStatus.Checking ? null : MoveTo(PhotoStatus.Checking, "automatic check started", worker, now);
    }

    public StatusChange Checked(CheckOutcome verdict, string report, string? pHash, string? normalisedKey, long? normalisedSize,
        IReadOnlyList<string> failedCodes, Actor worker, DateTimeOffset now)
    {
        CheckVerdict = verdict;
        CheckReport = report;
        PHash = pHash;
        NormalisedKey = normalisedKey;
        NormalisedSize = normalisedSize;
        CheckedAt = now;
        if (verdict == CheckOutcome.Rejected)
        {
            RejectReasons = failedCodes.ToList();
            CountsAsSubmission = !failedCodes.All(UnreadableFileCodes.Contains);
            return MoveTo(PhotoStatus.CheckFailed, "automatic check failed", worker, now);
        }
        return MoveTo(PhotoStatus.PendingReview, $"automatic check {StatusNames.Snake(verdict.ToString())}", worker, now);
    }

    /// <summary>
    /// The check kept failing (the worker crashed, timed out or threw on this file): the photo ends check_failed with
    /// <see cref="GaveUpCode"/>, and the student keeps the submission.
    /// </summary>
    public StatusChange CheckGaveUp(int attempts, Actor worker, DateTimeOffset now)
    {
        RejectReasons = [GaveUpCode];
        CountsAsSubmission = false;
        CheckVerdict = CheckOutcome.Rejected;
        CheckedAt = now;
        return MoveTo(PhotoStatus.CheckFailed, $"automatic check failed {attempts} times", worker, now);
    }

    public const string GaveUpCode = "check.gave_up";

    /// <summary>A reviewer claims the photo for a while, so two reviewers never decide the same photo.</summary>
    public bool TryClaim(Guid reviewer, TimeSpan lease, DateTimeOffset now)
    {
        if (Status != PhotoStatus.PendingReview) return false;
        if (ClaimedBy is { } other && other != reviewer && ClaimExpiresAt > now) return false;
        ClaimedBy = reviewer;
        ClaimExpiresAt = now + lease;
        UpdatedAt = now;
        return true;
    }

    public StatusChange Approve(Guid reviewer, DateTimeOffset now)
    {
        EnsureClaimedBy(reviewer, now);
        ReviewedBy = reviewer;
        ReviewedAt = now;
        return MoveTo(PhotoStatus.Approved, "approved", Actor.Staff(reviewer), now);
    }

    public StatusChange Reject(Guid reviewer, IReadOnlyList<string> reasons, string? note, DateTimeOffset now)
    {
        EnsureClaimedBy(reviewer, now);
        return Rejected(reviewer, reasons, note, "rejected by review", now);
    }

    /// <summary>Support unlocks an approved photo (e.g. CHSI refused it); audited by the caller.</summary>
    public StatusChange OverrideReject(Guid supportStaff, IReadOnlyList<string> reasons, string note, DateTimeOffset now)
    {
        if (Status != PhotoStatus.Approved)
            throw DomainException.Conflict("photo.not_approved", "Only an approved photo needs an override.");
        EnsureNotDelivered();
        return Rejected(supportStaff, reasons, note, "support override", now);
    }

    /// <summary>The photographer took the shot again before anyone reviewed this one: the new photo replaces it.</summary>
    public StatusChange ReplacedByRetake(Actor photographer, DateTimeOffset now)
    {
        if (Status is not (PhotoStatus.Uploaded or PhotoStatus.Checking or PhotoStatus.PendingReview))
            throw DomainException.Conflict("photo.reviewed", "This photo has been reviewed or has failed its check: it is not replaced.");
        return MoveTo(PhotoStatus.Withdrawn, "replaced by a retake", photographer, now);
    }

    public bool AwaitsReview => IsAwaitingReview(Status);

    public static bool IsAwaitingReview(PhotoStatus status) => status is PhotoStatus.Uploaded or PhotoStatus.Checking or PhotoStatus.PendingReview;

    public StatusChange Withdraw(Actor student, DateTimeOffset now)
    {
        if (Status == PhotoStatus.Approved)
            throw DomainException.Conflict("photo.locked", "An approved photo is locked and cannot be withdrawn.");
        return MoveTo(PhotoStatus.Withdrawn, "withdrawn by the student", student, now);
    }

    /// <summary>Retention of an approved photo: the original goes, the normalised image CHSI receives stays.</summary>
    public void OriginalDeleted(DateTimeOffset now)
    {
        OriginalKey = "";
        UpdatedAt = now;
    }

    public void Erased(DateTimeOffset now)
    {
        ErasedAt = now;
        OriginalKey = "";
        NormalisedKey = null;
        ReviewNote = null;
        UpdatedAt = now;
    }

    private StatusChange Rejected(Guid staff, IReadOnlyList<string> reasons, string? note, string why, DateTimeOffset now)
    {
        RejectReasons = reasons.ToList();
        ReviewNote = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        ReviewedBy = staff;
        ReviewedAt = now;
        return MoveTo(PhotoStatus.Rejected, why, Actor.Staff(staff), now);
    }

    private void EnsureClaimedBy(Guid reviewer, DateTimeOffset now)
    {
        if (Status != PhotoStatus.PendingReview)
            throw DomainException.Conflict("photo.not_pending_review", "This photo is not waiting for review.");
        if (ClaimedBy != reviewer || ClaimExpiresAt <= now)
            throw DomainException.Conflict("photo.not_claimed", "Claim the photo before deciding it (your claim may have expired).");
    }

    /// <summary>The one place the status changes. Returns the history row to add in the same transaction.</summary>
    private StatusChange MoveTo(PhotoStatus to, string reason, Actor actor, DateTimeOffset now)
    {
        if (!CanMove(Status, to))
            throw DomainException.Conflict("photo.invalid_transition",
                $"A photo that is {StatusNames.Snake(Status.ToString())} cannot become {StatusNames.Snake(to.ToString())}.");
        var change = new StatusChange(nameof(Photo), Id, Status.ToString(), to.ToString(), reason, actor, now);
        Status = to;
        UpdatedAt = now;
        if (to != PhotoStatus.PendingReview) { ClaimedBy = null; ClaimExpiresAt = null; }
        return change;
    }
}
