using System.Buffers;
using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace ImageCollection.Core.Storage;

/// <summary>
/// Large generated files (packages, print runs) written to S3 as they are made, never whole in memory or on disk: an
/// S3 multipart upload fed part by part. The Minio SDK (7.0) keeps its part operations internal and buffers an
/// unknown-length put whole (a 350 MB zip: 390 MB peak), so these uploads use AWSSDK.S3, with chunked payload
/// signing off (s3rver stores aws-chunked bodies as they come, framing included) and request checksums only where
/// S3 requires them. Everything else stays on <see cref="MinioObjectStore"/>.
/// </summary>
public sealed class MultipartUploads(IOptions<StorageOptions> options) : IDisposable
{
    /// <summary>8 MiB parts (S3 wants at least 5 MiB but the last): a 10,000-part upload can hold 80 GB.</summary>
    public const int PartBytes = 8 * 1024 * 1024;

    private readonly StorageOptions _o = options.Value;
    private readonly AmazonS3Client _client = new(options.Value.AccessKey, options.Value.SecretKey, new AmazonS3Config
    {
        ServiceURL = $"{(options.Value.UseSsl ? "https" : "http")}://{options.Value.Endpoint}",
        ForcePathStyle = true,
        AuthenticationRegion = options.Value.Region,
        RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
        ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        MaxErrorRetry = 3,
    });

    /// <summary>Starts an upload; write to the returned stream, then <see cref="ObjectUpload.CompleteAsync"/> (or abort).</summary>
    public async Task<ObjectUpload> BeginAsync(string key, string contentType, CancellationToken ct)
    {
        var started = await Guard(() => _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest
        {
            BucketName = _o.Bucket, Key = key, ContentType = contentType,
        }, ct));
        return new ObjectUpload(this, key, started.UploadId);
    }

    /// <summary>
    /// Aborts an upload an earlier attempt left behind (its parts are dropped). Best effort: an upload S3 no longer
    /// knows is fine, and a server that cannot abort (s3rver has no AbortMultipartUpload) or cannot be reached leaves the
    /// parts to the server's own clean-up (MinIO drops incomplete uploads after its <c>api stale_uploads_expiry</c>, 24 h
    /// by default). An incomplete upload is never an object, so nothing half-made can be read either way. False when the
    /// parts may still be there.
    /// </summary>
    public async Task<bool> AbortAsync(string key, string uploadId, CancellationToken ct)
    {
        try
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _o.Bucket, Key = key, UploadId = uploadId }, ct);
            return true;
        }
        catch (AmazonS3Exception e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return true;
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException
                                  && !ct.IsCancellationRequested)
        {
            return false;
        }
    }

    internal Task<UploadPartResponse> UploadPartAsync(string key, string uploadId, int number, byte[] buffer, int length, CancellationToken ct) =>
        Guard(() => _client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = _o.Bucket, Key = key, UploadId = uploadId, PartNumber = number,
            InputStream = new MemoryStream(buffer, 0, length, writable: false), PartSize = length, UseChunkEncoding = false,
        }, ct));

    internal Task CompleteAsync(string key, string uploadId, List<PartETag> parts, CancellationToken ct) =>
        Guard(() => _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
        {
            BucketName = _o.Bucket, Key = key, UploadId = uploadId, PartETags = parts,
        }, ct));

    private static async Task<T> Guard<T>(Func<Task<T>> action)
    {
        try { return await action(); }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            throw new ObjectStoreUnavailableException("The object store is unavailable.", e);
        }
    }

    public void Dispose() => _client.Dispose();
}

/// <summary>
/// A write-only stream into one multipart upload: writes fill an 8 MiB part while the previous one is sent (two
/// pooled buffers, so writing and sending overlap); it counts the bytes and their SHA-256.
/// </summary>
public sealed class ObjectUpload : Stream
{
    private readonly MultipartUploads _uploads;
    private readonly List<PartETag> _parts = [];
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(MultipartUploads.PartBytes);
    private byte[] _spare = ArrayPool<byte>.Shared.Rent(MultipartUploads.PartBytes);
    private int _filled;
    private Task _sending = Task.CompletedTask;
    private long _length;
    private bool _finished;

    internal ObjectUpload(MultipartUploads uploads, string key, string uploadId)
    {
        _uploads = uploads;
        Key = key;
        UploadId = uploadId;
    }

    public string Key { get; }
    public string UploadId { get; }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => !_finished;
    public override long Length => _length;
    public override long Position { get => _length; set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        // Sync writes (zip headers) are small: they fit the part, or wait for the send like an async write.
        var copy = buffer.ToArray();
        WriteAsync(copy).AsTask().GetAwaiter().GetResult();
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        while (buffer.Length > 0)
        {
            var n = Math.Min(buffer.Length, MultipartUploads.PartBytes - _filled);
            buffer[..n].CopyTo(_buffer.AsMemory(_filled));
            _sha256.AppendData(buffer.Span[..n]);
            _filled += n;
            _length += n;
            buffer = buffer[n..];
            if (_filled == MultipartUploads.PartBytes) await SendPartAsync(cancellationToken);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private async Task SendPartAsync(CancellationToken ct)
    {
        await _sending; // at most one part in flight: the other buffer is being filled
        (_buffer, _spare) = (_spare, _buffer);
        var (full, length, number) = (_spare, _filled, _parts.Count + 1);
        _parts.Add(new PartETag(number, ""));
        _filled = 0;
        _sending = Send();

        async Task Send()
        {
            var response = await _uploads.UploadPartAsync(Key, UploadId, number, full, length, ct);
            _parts[number - 1] = new PartETag(number, response.ETag);
        }
    }

    /// <summary>Sends the last part and completes the upload: only now does the object exist, whole.</summary>
    public async Task<(long Length, string Sha256)> CompleteAsync(CancellationToken ct)
    {
        if (_filled > 0 || _parts.Count == 0) await SendPartAsync(ct);
        await _sending;
        await _uploads.CompleteAsync(Key, UploadId, _parts, ct);
        _finished = true;
        return (_length, Convert.ToHexStringLower(_sha256.GetHashAndReset()));
    }

    public Task<bool> AbortAsync(CancellationToken ct)
    {
        _finished = true;
        return _uploads.AbortAsync(Key, UploadId, ct);
    }

    public override void Flush() { }
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _finished = true;
            try { _sending.Wait(); } catch (Exception) { /* the part's failure was reported to the writer, or the upload is abandoned */ }
            ArrayPool<byte>.Shared.Return(_buffer);
            ArrayPool<byte>.Shared.Return(_spare);
            _sha256.Dispose();
        }
        base.Dispose(disposing);
    }
}
