using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Photos;

/// <summary>Where a photo's objects live in the bucket: by batch and enrollment, so a batch's objects can be listed together.</summary>
public static class PhotoKeys
{
    /// <summary>The original as received (uploads and captures are JPEG only).</summary>
    public static string Original(Enrollment enrollment, Guid photoId) => $"originals/{enrollment.BatchId:N}/{enrollment.Id:N}/{photoId:N}.jpg";

    /// <summary>The 480×640 derivative the checker made: what reviewers see and CHSI receives.</summary>
    public static string Normalised(Photo photo) => $"normalised/{photo.BatchId:N}/{photo.EnrollmentId:N}/{photo.Id:N}.jpg";
}
