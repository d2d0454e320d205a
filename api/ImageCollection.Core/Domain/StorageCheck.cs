namespace ImageCollection.Core.Domain;

public enum StorageCheckStatus { Queued, Succeeded, Failed }

/// <summary>A self-check of object storage run by the worker: write, read back, compare, delete.</summary>
public sealed class StorageCheck
{
    private StorageCheck() { }

    public StorageCheck(Guid? requestedBy, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        RequestedBy = requestedBy;
        RequestedAt = now;
        Status = StorageCheckStatus.Queued;
    }

    public Guid Id { get; private set; }
    public Guid? RequestedBy { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public StorageCheckStatus Status { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    /// <summary>Which worker ran it, and what failed if it did.</summary>
    public string? Detail { get; private set; }
    public uint Version { get; private set; }

    public void Complete(bool succeeded, string detail, DateTimeOffset now)
    {
        if (Status != StorageCheckStatus.Queued) return; // running twice is harmless
        Status = succeeded ? StorageCheckStatus.Succeeded : StorageCheckStatus.Failed;
        Detail = detail;
        CompletedAt = now;
    }
}
