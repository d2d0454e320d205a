using System.ComponentModel.DataAnnotations;

namespace ImageCollection.Core.Storage;

/// <summary>Section <c>Storage</c>: the S3-compatible object store (MinIO in production, s3rver locally).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>host:port the hosts reach the store at, e.g. <c>minio:9000</c>.</summary>
    [Required(ErrorMessage = "Storage:Endpoint is required (host:port of the S3 server).")]
    public string Endpoint { get; set; } = "";

    /// <summary>host:port presigned URLs are made for, as students reach it; defaults to <see cref="Endpoint"/>.</summary>
    public string? PublicEndpoint { get; set; }

    [Required(ErrorMessage = "Storage:AccessKey is required.")]
    public string AccessKey { get; set; } = "";

    [Required(ErrorMessage = "Storage:SecretKey is required.")]
    public string SecretKey { get; set; } = "";

    [Required(ErrorMessage = "Storage:Bucket is required.")]
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = "Storage:Bucket must be a valid S3 bucket name.")]
    public string Bucket { get; set; } = "imagecollection";

    public bool UseSsl { get; set; }

    /// <summary>Set, so that presigning never asks the server for the bucket's region.</summary>
    [Required(ErrorMessage = "Storage:Region is required (us-east-1 for MinIO and s3rver).")]
    public string Region { get; set; } = "us-east-1";
}
