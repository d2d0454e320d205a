using System.Linq.Expressions;

namespace ImageCollection.Core.Domain;

public enum PhotoStatus { Uploaded, Checking, CheckFailed, PendingReview, Approved, Rejected, Withdrawn }

/// <summary>The automatic check's verdict: rejected on any failed rule, needs review on flags only, else passed.</summary>
public enum CheckOutcome { Passed, NeedsReview, Rejected }

/// <summary><c>upload</c>: sent by the student; <c>onsite</c>: captured by a photographer at a station.</summary>
public enum PhotoSource { Upload, Onsite }

/// <summary>
/// One submitted photo of an enrollment. The original (and the normalised derivative) live in S3; the row keeps keys,
/// sizes and hashes. At most one photo per enrollment is in progress or approved (a partial unique index).
/// </summary>
public sealed partial class Photo
{
    /// <summary>The statuses of which an enrollment holds at most one photo at a time (a partial unique index).</summary>
    public static readonly PhotoStatus[] InProgressOrApproved = [PhotoStatus.Uploaded, PhotoStatus.Checking, PhotoStatus.PendingReview, PhotoStatus.Approved];

    /// <summary>
    /// The enrollment "has a photo": the service was given or is being given — a photo captured on site (whatever its
    /// review says, the photographer took it), or an upload in progress or approved. Such an enrollment cannot be
    /// withdrawn or refunded by its student, is left out of a bulk refund, and holds its group collection against a
    /// walk-in or make-up enrollment after the window.
    /// </summary>
    public static readonly Expression<Func<Photo, bool>> ServiceGiven =
        p => (p.Source == PhotoSource.Onsite && p.Status != PhotoStatus.Withdrawn) || InProgressOrApproved.Contains(p.Status);

    /// <summary><see cref="ServiceGiven"/> for a photo in memory (a test holds the two equal for every source and status).</summary>
    public static bool GivesService(PhotoSource source, PhotoStatus status) =>
        (source == PhotoSource.Onsite && status != PhotoStatus.Withdrawn) || InProgressOrApproved.Contains(status);

    private Photo() { }

    public Photo(Guid id, Enrollment enrollment, PhotoSource source, int submissionNumber, StoredOriginal original, OnsiteShot? shot, DateTimeOffset now)
    {
        Id = id;
        EnrollmentId = enrollment.Id;
        BatchId = enrollment.BatchId;
        StudentId = enrollment.StudentId;
        Source = source;
        SubmissionNumber = submissionNumber;
        OriginalKey = original.Key;
        OriginalSize = original.Size;
        OriginalSha256 = original.Sha256;
        ContentType = original.ContentType;
        Shot = shot;
        Status = PhotoStatus.Uploaded;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid EnrollmentId { get; private set; }
    public Guid BatchId { get; private set; }
    /// <summary>The WeChat user of the enrollment when the photo was taken (none for a walk-up not claimed yet).</summary>
    public Guid? StudentId { get; private set; }
    public PhotoSource Source { get; private set; }
    public int SubmissionNumber { get; private set; }
    public PhotoStatus Status { get; private set; }
    public string OriginalKey { get; private set; } = "";
    public long OriginalSize { get; private set; }
    /// <summary>Lower-case hex SHA-256 of the original bytes: the same image resubmitted after a rejection is refused.</summary>
    public string OriginalSha256 { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public string? NormalisedKey { get; private set; }
    public long? NormalisedSize { get; private set; }
    /// <summary>Perceptual hash of the normalised image (hex), for near-duplicate flags.</summary>
    public string? PHash { get; private set; }
    public CheckOutcome? CheckVerdict { get; private set; }
    /// <summary>The checker's report (jsonb): every check with its code, verdict, value, range and message.</summary>
    public string? CheckReport { get; private set; }
    public DateTimeOffset? CheckStartedAt { get; private set; }
    public int CheckAttempts { get; private set; }
    public DateTimeOffset? CheckedAt { get; private set; }
    public Guid? ClaimedBy { get; private set; }
    public DateTimeOffset? ClaimExpiresAt { get; private set; }
    public Guid? ReviewedBy { get; private set; }
    public DateTimeOffset? ReviewedAt { get; private set; }
    /// <summary>Reason codes of a rejection (automatic or by a reviewer), from a fixed list.</summary>
    public List<string> RejectReasons { get; private set; } = [];
    public string? ReviewNote { get; private set; }
    public OnsiteShot? Shot { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>When retention deleted the objects; only an anonymised row remains.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }
    public uint Version { get; private set; }

    /// <summary>
    /// False for a file nobody could use (the full decode found it broken, or the check itself kept failing): it does
    /// not use up one of the student's submissions, and does not start the resubmission window.
    /// </summary>
    public bool CountsAsSubmission { get; private set; } = true;

    public bool CountsAsRejection => CountsAsSubmission && Status is PhotoStatus.CheckFailed or PhotoStatus.Rejected;

    /// <summary>Failed checks that say the file cannot be read at all, rather than that the photo breaks a rule.</summary>
    public static readonly IReadOnlySet<string> UnreadableFileCodes = new HashSet<string> { "container.decode" };
}

public sealed record StoredOriginal(string Key, long Size, string Sha256, string ContentType);

/// <summary>Where and when a photographer captured an on-site photo: the shot number (拍摄号) per station and session.</summary>
public sealed class OnsiteShot
{
    /// <summary>The scan it was captured for.</summary>
    public Guid ShotId { get; init; }
    /// <summary>The station's own id of this capture: sending it again (after the network came back) stores nothing twice.</summary>
    public string? CaptureId { get; init; }
    public Guid SessionId { get; init; }
    public int Station { get; init; }
    public int ShotNumber { get; init; }
    public Guid PhotographerId { get; init; }
}
