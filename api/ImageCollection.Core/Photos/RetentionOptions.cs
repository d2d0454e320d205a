namespace ImageCollection.Core.Photos;

/// <summary>Section <c>Retention</c>: how long what can no longer be used is kept before it is deleted.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Photos not approved (rejected, failed, withdrawn, or pending when the batch closed), after the batch closes.</summary>
    public int UnusablePhotoDays { get; set; } = 30;

    /// <summary>Approved originals, after their delivery to CHSI (the normalised derivative CHSI received is kept; undelivered ones stay).</summary>
    public int DeliveredPhotoDays { get; set; } = 180;

    /// <summary>Personal data of withdrawn and refunded enrollments.</summary>
    public int WithdrawnEnrollmentDays { get; set; } = 30;
}
