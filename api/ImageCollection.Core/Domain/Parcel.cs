namespace ImageCollection.Core.Domain;

/// <summary>A parcel posted to one student, or a class pack handed to the school (each student's prints in an envelope).</summary>
public enum ParcelKind { Post, ClassPack }

public enum ParcelStatus { Packed, Shipped, HandedOver }

/// <summary>
/// What a print run packs: one parcel per posted student (the address as it was when the run took it: the student
/// cannot change it while the parcel is on its way), or one pack per department and class. Shipped parcels carry the
/// courier and tracking number; class packs are marked handed over by staff.
/// </summary>
public sealed class Parcel
{
    private Parcel() { }

    private Parcel(Guid batchId, Guid runId, ParcelKind kind, string reference, string contents, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        BatchId = batchId;
        RunId = runId;
        Kind = kind;
        Reference = reference;
        Contents = contents;
        Status = ParcelStatus.Packed;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public static Parcel Posted(Guid batchId, Guid runId, string reference, Guid enrollmentId, ShippingAddress address, string contents,
        DateTimeOffset now) =>
        new(batchId, runId, ParcelKind.Post, reference, contents, now) { EnrollmentId = enrollmentId, Recipient = address };

    public static Parcel ClassPack(Guid batchId, Guid runId, string reference, string? department, string? className, string contents,
        DateTimeOffset now) =>
        new(batchId, runId, ParcelKind.ClassPack, reference, contents, now) { Department = department, ClassName = className };

    public Guid Id { get; private set; }
    public Guid BatchId { get; private set; }
    public Guid RunId { get; private set; }
    public ParcelKind Kind { get; private set; }
    /// <summary>The parcel reference couriers' tools carry as the order number, and tracking imports match on.</summary>
    public string Reference { get; private set; } = "";
    public Guid? EnrollmentId { get; private set; }
    public ShippingAddress? Recipient { get; private set; }
    public string? Department { get; private set; }
    public string? ClassName { get; private set; }
    public string Contents { get; private set; } = "";
    public ParcelStatus Status { get; private set; }
    public string? Courier { get; private set; }
    public string? TrackingNumber { get; private set; }
    public DateTimeOffset? ShippedAt { get; private set; }
    public DateTimeOffset? HandedOverAt { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    public bool IsDone => Status is ParcelStatus.Shipped or ParcelStatus.HandedOver;

    public static readonly IReadOnlyDictionary<ParcelStatus, ParcelStatus[]> Transitions = new Dictionary<ParcelStatus, ParcelStatus[]>
    {
        [ParcelStatus.Packed] = [ParcelStatus.Shipped, ParcelStatus.HandedOver],
        [ParcelStatus.Shipped] = [],
        [ParcelStatus.HandedOver] = [],
    };

    /// <summary>The courier took it. Repeating the same tracking number changes nothing (null); a different one is refused.</summary>
    public StatusChange? Shipped(string courier, string trackingNumber, Actor actor, DateTimeOffset now)
    {
        if (Kind != ParcelKind.Post)
            throw DomainException.Conflict("parcel.not_posted", "A class pack is handed to the school, not shipped.");
        if (Status == ParcelStatus.Shipped)
            return TrackingNumber == trackingNumber && Courier == courier ? null
                : throw DomainException.Conflict("parcel.already_shipped", $"This parcel was already shipped with {Courier} {TrackingNumber}.");
        var change = MoveTo(ParcelStatus.Shipped, $"shipped with {courier}", actor, now);
        (Courier, TrackingNumber, ShippedAt) = (courier, trackingNumber, now);
        return change;
    }

    public StatusChange? HandedOver(Actor actor, DateTimeOffset now)
    {
        if (Kind != ParcelKind.ClassPack)
            throw DomainException.Conflict("parcel.not_class_pack", "A posted parcel is shipped by a courier, not handed over.");
        if (Status == ParcelStatus.HandedOver) return null;
        var change = MoveTo(ParcelStatus.HandedOver, "handed to the school", actor, now);
        HandedOverAt = now;
        return change;
    }

    private StatusChange MoveTo(ParcelStatus to, string reason, Actor actor, DateTimeOffset now)
    {
        if (!Transitions[Status].Contains(to))
            throw DomainException.Conflict("parcel.invalid_transition",
                $"A {StatusNames.Snake(Status.ToString())} parcel cannot become {StatusNames.Snake(to.ToString())}.");
        var change = new StatusChange(nameof(Parcel), Id, Status.ToString(), to.ToString(), reason, actor, now);
        Status = to;
        UpdatedAt = now;
        return change;
    }
}
