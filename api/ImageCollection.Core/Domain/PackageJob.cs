namespace ImageCollection.Core.Domain;

/// <summary>
/// What a package is for: CHSI (the derivatives to upload through the agency's CHSI client), the school, or a print run
/// (300-dpi sheets per parcel or class pack, the pick list and envelope labels, for the print shop).
/// </summary>
public enum PackageKind { Chsi, School, Prints }

/// <summary>
/// A zip the worker builds into S3 (a CHSI package of a batch, or a school's package of a batch, department or
/// class), with counts for progress. A package is offered for download only once its upload is complete; an attempt
/// that dies leaves an unfinished multipart upload, which the next attempt aborts before it starts over.
/// </summary>
public sealed class PackageJob
{
    private PackageJob() { }

    public PackageJob(PackageKind kind, Guid batchId, Actor requestedBy, DateTimeOffset now, string? department = null, string? className = null,
        bool folders = false)
    {
        Id = Guid.CreateVersion7();
        Kind = kind;
        BatchId = batchId;
        Department = department;
        ClassName = className;
        Folders = folders;
        RequestedByType = requestedBy.Type;
        RequestedById = requestedBy.Id;
        Status = BulkJobStatus.Queued;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public PackageKind Kind { get; private set; }
    public Guid BatchId { get; private set; }
    /// <summary>School packages: only this department (or major) and/or class.</summary>
    public string? Department { get; private set; }
    public string? ClassName { get; private set; }
    /// <summary>School packages: photos in a folder per department and class.</summary>
    public bool Folders { get; private set; }
    public string RequestedByType { get; private set; } = "";
    public Guid? RequestedById { get; private set; }
    public BulkJobStatus Status { get; private set; }
    public int Total { get; private set; }
    public int Done { get; private set; }
    public int Attempts { get; private set; }
    /// <summary>The object being written by the current attempt, and its multipart upload (aborted by the next attempt).</summary>
    public string? UploadKey { get; private set; }
    public string? UploadId { get; private set; }
    /// <summary>The finished package: set only when its upload completed.</summary>
    public string? ObjectKey { get; private set; }
    public long? Size { get; private set; }
    public string? Sha256 { get; private set; }
    public string? Error { get; private set; }
    /// <summary>While an attempt runs it renews this; past it (a worker died), the sweeper starts another attempt.</summary>
    public DateTimeOffset? LeaseUntil { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }
    /// <summary>CHSI packages: when staff said they uploaded it through the agency's CHSI client.</summary>
    public DateTimeOffset? MarkedDeliveredAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    public static readonly IReadOnlyDictionary<BulkJobStatus, BulkJobStatus[]> Transitions = new Dictionary<BulkJobStatus, BulkJobStatus[]>
    {
        [BulkJobStatus.Queued] = [BulkJobStatus.Running, BulkJobStatus.Failed],
        [BulkJobStatus.Running] = [BulkJobStatus.Completed, BulkJobStatus.Failed],
        [BulkJobStatus.Paused] = [],
        [BulkJobStatus.Completed] = [],
        [BulkJobStatus.Failed] = [],
    };

    public bool IsReady => Status == BulkJobStatus.Completed && ObjectKey is not null;

    public string FileName(string featureCode) =>
        $"{Kind switch { PackageKind.Chsi => "chsi", PackageKind.Prints => "prints", _ => "photos" }}-{featureCode}-{CreatedAt.ToChina():yyyyMMdd-HHmm}.zip";

    /// <summary>An attempt starts (again, after a worker died): it writes a new object; the last attempt's upload is the caller's to abort.</summary>
    /// <summary>How many photos it holds, known when it is requested (CHSI packages queue theirs at once).</summary>
    public void Planned(int total) => Total = total;

    /// <summary>Whether an attempt is alive (its lease not run out): another one must not start.</summary>
    public bool IsBeingBuilt(DateTimeOffset now) => Status == BulkJobStatus.Running && LeaseUntil > now;

    public StatusChange? Started(string uploadKey, string uploadId, int total, TimeSpan lease, DateTimeOffset now)
    {
        var change = Status == BulkJobStatus.Running ? null : MoveTo(BulkJobStatus.Running, "building the package", now);
        Attempts++;
        UploadKey = uploadKey;
        UploadId = uploadId;
        Total = total;
        Done = 0;
        StartedAt = now;
        LeaseUntil = now + lease;
        return change;
    }

    public void Progressed(int done, TimeSpan lease, DateTimeOffset now)
    {
        Done = done;
        LeaseUntil = now + lease;
        UpdatedAt = now;
    }

    /// <summary>An attempt failed and its upload was aborted: the next attempt may start at once.</summary>
    public void AttemptFailed(string error, DateTimeOffset now)
    {
        Error = error.Length > 500 ? error[..500] : error;
        UploadKey = null;
        UploadId = null;
        LeaseUntil = null;
        UpdatedAt = now;
    }

    public StatusChange? Completed(long size, string sha256, DateTimeOffset now)
    {
        var change = MoveTo(BulkJobStatus.Completed, "package complete", now);
        ObjectKey = UploadKey;
        UploadId = null;
        Size = size;
        Sha256 = sha256;
        Done = Total;
        CompletedAt = now;
        LeaseUntil = null;
        Error = null;
        return change;
    }

    public StatusChange? Failed(string error, DateTimeOffset now)
    {
        if (Status is BulkJobStatus.Completed or BulkJobStatus.Failed) return null;
        var change = MoveTo(BulkJobStatus.Failed, "package failed", now);
        Error = error.Length > 500 ? error[..500] : error;
        LeaseUntil = null;
        return change;
    }

    public void MarkedDelivered(DateTimeOffset now)
    {
        if (Kind != PackageKind.Chsi || !IsReady)
            throw DomainException.Conflict("package.not_ready", "Only a finished CHSI package can be marked delivered.");
        MarkedDeliveredAt ??= now;
        UpdatedAt = now;
    }

    private StatusChange? MoveTo(BulkJobStatus to, string reason, DateTimeOffset now)
    {
        if (to == Status) return null;
        if (!Transitions[Status].Contains(to))
            throw DomainException.Conflict("package.invalid_transition",
                $"A {StatusNames.Snake(Status.ToString())} package cannot become {StatusNames.Snake(to.ToString())}.");
        var change = new StatusChange(nameof(PackageJob), Id, Status.ToString(), to.ToString(), reason, Actor.System, now);
        Status = to;
        UpdatedAt = now;
        return change;
    }
}
