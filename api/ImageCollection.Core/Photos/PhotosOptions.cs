namespace ImageCollection.Core.Photos;

/// <summary>Section <c>Photos</c>: upload limits, the face model, storage concurrency, and the check thresholds.</summary>
public sealed class PhotosOptions
{
    public const string Section = "Photos";

    /// <summary>Largest upload accepted (413 above it). Phone photos are a few MB.</summary>
    public long MaxUploadBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Largest image (width × height) decoded: a decompression bomb is refused from its header.</summary>
    public long MaxPixels { get; set; } = 40_000_000;

    /// <summary>YuNet ONNX model; by default ../shared/models/yunet/yunet_n_640_640.onnx from the repository root.</summary>
    public string? FaceModelPath { get; set; }

    /// <summary>Concurrent S3 writes per process (each upload streams to a presigned PUT).</summary>
    public int MaxConcurrentStorageWrites { get; set; } = 32;

    /// <summary>Times a photo's check may be started (a crash, a timeout or an error each count) before it ends check_failed.</summary>
    public int MaxCheckAttempts { get; set; } = 3;

    public ComplianceThresholds Checks { get; set; } = new();
}
