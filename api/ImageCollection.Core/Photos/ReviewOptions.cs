namespace ImageCollection.Core.Photos;

/// <summary>Section <c>Review</c>.</summary>
public sealed class ReviewOptions
{
    public const string Section = "Review";

    /// <summary>How long a reviewer's claim on a photo holds before another reviewer may take it.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(10);
}
