using System.Security.Cryptography;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ImageCollection.Api.Hosting;

/// <summary>
/// Takes a photo from the request into S3 without holding it in memory: the body (raw image or the first file of a
/// multipart form) is spooled to a temporary file while it is hashed and its header sniffed, then streamed to a
/// presigned PUT with a known length. Too large is 413, not an image 415, S3 down 503.
/// </summary>
public sealed class PhotoIntake(IObjectStore store, IOptions<PhotosOptions> options)
{
    private const int MultipartOverhead = 64 * 1024;
    private const int BufferBytes = 64 * 1024; // below the large object heap's 85,000 bytes

    public async Task<StoredOriginal> StoreAsync(HttpContext http, string key, CancellationToken ct)
    {
        var max = options.Value.MaxUploadBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = max + MultipartOverhead;
        if (http.Request.ContentLength > max + MultipartOverhead) throw TooLarge(max);
        var body = await BodyAsync(http.Request, ct);

        await using var spool = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, BufferBytes,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long total = 0;
        var buffer = new byte[BufferBytes];
        int n;
        while ((n = await body.ReadAsync(buffer, ct)) > 0)
        {
            total += n;
            if (total > max) throw TooLarge(max);
            sha.AppendData(buffer, 0, n);
            await spool.WriteAsync(buffer.AsMemory(0, n), ct);
        }
        await RefuseUnusableAsync(spool, total, ct);

        const string contentType = "image/jpeg";
        spool.Position = 0;
        await store.PutAsync(key, spool, total, contentType, ct);
        return new StoredOriginal(key, total, Convert.ToHexStringLower(sha.GetHashAndReset()), contentType);
    }

    /// <summary>
    /// What the header and the end of the file show at once is refused before anything is stored, and costs the
    /// student nothing: not a JPEG, no readable frame header, too many pixels to decode, smaller than the 480×640 the
    /// standard asks for, or cut off before its end-of-image marker. The rest is the checker's (and a file that only
    /// the full decode finds broken does not count as a submission either).
    /// </summary>
    private async Task RefuseUnusableAsync(FileStream spool, long total, CancellationToken ct)
    {
        var header = await ImageHeader.ReadAsync(spool, ct);
        var o = options.Value;
        if (!header.IsImage)
            throw new DomainException(DomainErrorKind.UnsupportedMediaType, "photo.not_an_image", "The file is not an image: upload the photo as a JPEG.");
        if (header.Kind != ImageKind.Jpeg)
            throw new DomainException(DomainErrorKind.UnsupportedMediaType, "photo.not_jpeg",
                $"The file is a {header.Kind.ToString().ToUpperInvariant()} image: CHSI takes JPEG photos only (照片须为JPG格式).");
        if (!header.HasDimensions)
            throw Unusable("photo.unreadable", "The JPEG has no readable frame header (it is damaged or not a photo).");
        if (header.Pixels > o.MaxPixels)
            throw Unusable("photo.too_many_pixels", "The image has too many pixels to be a photo.");
        if (header.Width < o.Checks.Width || header.Height < o.Checks.Height)
            throw Unusable("photo.too_small", $"The photo is {header.Width}×{header.Height}: it must be at least {o.Checks.Width}×{o.Checks.Height} pixels.");
        var tail = new byte[(int)Math.Min(total, ImageHeader.TailBytes)];
        spool.Position = total - tail.Length;
        await spool.ReadExactlyAsync(tail, ct);
        if (!ImageHeader.EndsWithEndOfImage(tail))
            throw Unusable("photo.truncated", "The JPEG is cut off before its end: upload it again.");
    }

    private static DomainException Unusable(string code, string message) => new(DomainErrorKind.Unprocessable, code, message);

    /// <summary>A raw image body, or the first file section of a multipart form, as a stream (nothing buffered whole).</summary>
    private static async Task<Stream> BodyAsync(HttpRequest request, CancellationToken ct)
    {
        var type = request.ContentType ?? "";
        if (type.StartsWith("image/", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/octet-stream", StringComparison.OrdinalIgnoreCase))
            return request.Body;
        if (!MediaTypeHeaderValue.TryParse(type, out var media) || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(media.Boundary).Value is not { Length: > 0 } boundary)
            throw new DomainException(DomainErrorKind.UnsupportedMediaType, "request.unsupported_media_type",
                "Send the photo as image/jpeg, or as the file of a multipart/form-data form.");
        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
            if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) && disposition.IsFileDisposition())
                return section.Body;
        throw RequestValidationException.For("photo", "The form has no file.");
    }

    private static DomainException TooLarge(long max) =>
        new(DomainErrorKind.TooLarge, "photo.too_large", $"The photo is larger than {max / 1024 / 1024} MB.");
}

public static class PhotoIntakeRegistration
{
    /// <summary>Photo bodies into S3, for uploads and on-site captures alike.</summary>
    public static WebApplicationBuilder AddPhotoIntake(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PhotoIntake>();
        return builder;
    }
}
