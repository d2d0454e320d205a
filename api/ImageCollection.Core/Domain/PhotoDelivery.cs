namespace ImageCollection.Core.Domain;

/// <summary>Where an approved photo stands with CHSI: in a package staff upload, acknowledged, or refused.</summary>
public enum DeliveryStatus { Queued, Delivered, Failed }

/// <summary>The student's 校对 at CHSI: the photo and facts shown there are right, or wrong.</summary>
public enum ProofResult { Correct, Wrong }

public sealed partial class Photo
{
    /// <summary>
    /// (approved, not yet sent) → queued → delivered | failed; failed → queued (the next package). A photo CHSI
    /// acknowledged and then refused (a result list after staff marked the package) goes delivered → failed.
    /// </summary>
    public static readonly IReadOnlyDictionary<DeliveryStatus, DeliveryStatus[]> DeliveryTransitions = new Dictionary<DeliveryStatus, DeliveryStatus[]>
    {
        [DeliveryStatus.Queued] = [DeliveryStatus.Delivered, DeliveryStatus.Failed],
        [DeliveryStatus.Delivered] = [DeliveryStatus.Failed],
        [DeliveryStatus.Failed] = [DeliveryStatus.Queued],
    };

    public const string ComparisonFailedCode = "chsi.comparison_failed";

    public DeliveryStatus? Delivery { get; private set; }
    /// <summary>The CHSI package the photo went (or goes) out in.</summary>
    public Guid? DeliveryPackageId { get; private set; }
    public DateTimeOffset? DeliveryQueuedAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    /// <summary>How CHSI's acknowledgement came: <c>staff</c> (the package was marked delivered) or <c>result_list</c>.</summary>
    public string? DeliveryAcknowledgement { get; private set; }
    public string? DeliveryFailure { get; private set; }
    public ProofResult? ProofResult { get; private set; }
    public DateTimeOffset? ProofAt { get; private set; }
    public DateTimeOffset? ProofReminderSentAt { get; private set; }

    public bool IsDelivered => Delivery == DeliveryStatus.Delivered;

    /// <summary>Whether it goes into the next CHSI package: approved and never sent, or refused last time.</summary>
    public bool AwaitsDelivery => Status == PhotoStatus.Approved && Delivery is null or DeliveryStatus.Failed;

    public StatusChange QueueForDelivery(Guid packageId, Actor actor, DateTimeOffset now)
    {
        if (!AwaitsDelivery)
            throw DomainException.Conflict("delivery.not_deliverable", "Only an approved photo not yet delivered goes into a CHSI package.");
        var change = MoveDelivery(DeliveryStatus.Queued, "in a CHSI package", actor, now);
        DeliveryPackageId = packageId;
        DeliveryQueuedAt = now;
        DeliveryFailure = null;
        return change;
    }

    /// <summary>CHSI has it (staff uploaded the package, or CHSI's result list says so); a repeat changes nothing (null).</summary>
    public StatusChange? Delivered(string acknowledgement, Actor actor, DateTimeOffset now)
    {
        if (Delivery == DeliveryStatus.Delivered) return null;
        var change = MoveDelivery(DeliveryStatus.Delivered, $"delivered to CHSI ({acknowledgement})", actor, now);
        DeliveredAt = now;
        DeliveryAcknowledgement = acknowledgement;
        return change;
    }

    /// <summary>CHSI refused it: it goes into the next package (after a new photo, if the photo itself was the problem).</summary>
    public StatusChange? DeliveryRefused(string reason, Actor actor, DateTimeOffset now)
    {
        if (Delivery == DeliveryStatus.Failed && DeliveryFailure == reason) return null;
        var change = MoveDelivery(DeliveryStatus.Failed, $"refused by CHSI: {reason}", actor, now);
        DeliveryFailure = reason;
        return change;
    }

    public void ProofReported(ProofResult result, DateTimeOffset now)
    {
        ProofResult = result;
        ProofAt = now;
        UpdatedAt = now;
    }

    public void ProofReminderSent(DateTimeOffset now)
    {
        ProofReminderSentAt = now;
        UpdatedAt = now;
    }

    /// <summary>
    /// CHSI's identity comparison failed (比对不通过): the photo is rejected after all (it costs the student no
    /// submission) and its delivery failed; the enrollment is reopened by the caller for one free new photo.
    /// </summary>
    public List<StatusChange> ComparisonFailed(string reason, Actor actor, DateTimeOffset now)
    {
        if (Status != PhotoStatus.Approved)
            throw DomainException.Conflict("photo.not_approved", "Only an approved photo can fail CHSI's comparison.");
        var changes = new List<StatusChange>();
        if (Delivery is not null && DeliveryRefused(reason, actor, now) is { } delivery) changes.Add(delivery);
        RejectReasons = [ComparisonFailedCode];
        ReviewNote = reason;
        CountsAsSubmission = false;
        changes.Add(MoveTo(PhotoStatus.Rejected, "CHSI identity comparison failed", actor, now));
        return changes;
    }

    /// <summary>A delivered photo is locked: nothing changes it but CHSI's own feedback.</summary>
    public void EnsureNotDelivered()
    {
        if (IsDelivered)
            throw DomainException.Conflict("photo.delivered", "This photo has been delivered to CHSI: it is locked.");
    }

    private StatusChange MoveDelivery(DeliveryStatus to, string reason, Actor actor, DateTimeOffset now)
    {
        if (Delivery is { } from && !DeliveryTransitions[from].Contains(to))
            throw DomainException.Conflict("delivery.invalid_transition",
                $"A photo whose delivery is {StatusNames.Snake(from.ToString())} cannot become {StatusNames.Snake(to.ToString())}.");
        if (Delivery is null && to != DeliveryStatus.Queued)
            throw DomainException.Conflict("delivery.invalid_transition", "A photo is queued in a CHSI package before CHSI answers for it.");
        var change = new StatusChange("PhotoDelivery", Id, Delivery?.ToString() ?? "Approved", to.ToString(), reason, actor, now);
        Delivery = to;
        UpdatedAt = now;
        return change;
    }
}
