namespace ImageCollection.Core.Domain;

/// <summary>The prints the fee includes, or extra copies a student paid for (加洗).</summary>
public enum PrintItemKind { Included, Reprint }

/// <summary>
/// Copies of one student's approved photo to print. Included prints are made when a print run first takes the
/// student; a paid reprint waits for the next run. A run takes each waiting item into one parcel (posted) or class pack.
/// </summary>
public sealed class PrintItem
{
    private PrintItem() { }

    public PrintItem(Guid batchId, Guid enrollmentId, PrintItemKind kind, int copies, Guid? orderId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        BatchId = batchId;
        EnrollmentId = enrollmentId;
        Kind = kind;
        Copies = copies;
        OrderId = orderId;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid BatchId { get; private set; }
    public Guid EnrollmentId { get; private set; }
    public PrintItemKind Kind { get; private set; }
    public int Copies { get; private set; }
    /// <summary>Reprints: the order that paid for them.</summary>
    public Guid? OrderId { get; private set; }
    /// <summary>The print run (a package job of kind prints) that prints it, and the parcel or class pack it goes in.</summary>
    public Guid? RunId { get; private set; }
    public Guid? ParcelId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public uint Version { get; private set; }

    public bool IsWaiting => RunId is null;

    public void TakenInto(Guid runId, Guid parcelId)
    {
        if (RunId is not null) throw DomainException.Conflict("prints.already_in_run", "These prints are already in a print run.");
        RunId = runId;
        ParcelId = parcelId;
    }

    /// <summary>Its run failed for good: it waits for the next one.</summary>
    public void Released() => (RunId, ParcelId) = (null, null);
}
