using System.Text.Json;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;

namespace ImageCollection.Api.Views;

public sealed record PhotoReason(string Code, string Message);

public sealed record PhotoCheck(string Code, string Verdict, string? Value, string? Range, string Message);

public sealed record PhotoView(Guid Id, Guid EnrollmentId, PhotoSource Source, int SubmissionNumber, PhotoStatus Status, string? CheckVerdict,
    IReadOnlyList<PhotoReason> Reasons, string? ReviewNote, int? ShotNumber, DateTimeOffset CreatedAt, DateTimeOffset? ReviewedAt);

/// <summary>A rectangle of the normalised 480×640 image where a check looked (the face, a background sample area).</summary>
public sealed record CheckArea(string Name, int X, int Y, int Width, int Height);

/// <summary>The face the checks measured and the background areas they sampled; null when no single face was found.</summary>
public sealed record CheckGeometry(CheckArea Face, IReadOnlyList<CheckArea> Background);

public sealed record PhotoDetail(PhotoView Photo, IReadOnlyList<PhotoCheck> Checks, Uri? OriginalUrl, Uri? NormalisedUrl, DateTimeOffset? UrlsExpireAt,
    CheckGeometry? Geometry);

public static class PhotoMapping
{
    /// <summary>Links to a photo's images expire quickly: whoever holds one can read the image until then.</summary>
    private static readonly TimeSpan UrlLifetime = TimeSpan.FromMinutes(5);

    /// <summary>A photo with its checks and short-lived links to its images (the caller audits the view).</summary>
    public static async Task<PhotoDetail> DetailAsync(Photo photo, IObjectStore store, TimeProvider clock, CancellationToken ct) => new(
        PhotoMapping.ToView(photo), PhotoMapping.Checks(photo),
        photo.ErasedAt is null && photo.OriginalKey.Length > 0 ? await store.PresignedGetAsync(photo.OriginalKey, UrlLifetime, ct) : null,
        photo.NormalisedKey is { } key ? await store.PresignedGetAsync(key, UrlLifetime, ct) : null,
        (clock.GetUtcNow() + UrlLifetime).ToChina(), PhotoMapping.Geometry(photo));



    /// <summary>The check's verdict as the API spells it (<c>passed</c>, <c>needs_review</c>, <c>rejected</c>).</summary>
    public static string? Verdict(CheckOutcome? verdict) => verdict is { } v ? StatusNames.Snake(v.ToString()) : null;

    public static PhotoView ToView(Photo p) => new(p.Id, p.EnrollmentId, p.Source, p.SubmissionNumber, p.Status, Verdict(p.CheckVerdict),
        p.RejectReasons.Select(r => new PhotoReason(r, PhotoReasons.Message(r))).ToList(), p.ReviewNote, p.Shot?.ShotNumber,
        p.CreatedAt.ToChina(), p.ReviewedAt.ToChina());

    /// <summary>The stored report's geometry (reports from before it was kept have none).</summary>
    public static CheckGeometry? Geometry(Photo p)
    {
        if (p.CheckReport is null) return null;
        using var report = JsonDocument.Parse(p.CheckReport);
        if (!report.RootElement.TryGetProperty("geometry", out var g) || g.ValueKind != JsonValueKind.Object) return null;
        static CheckArea Area(JsonElement a) => new(a.GetProperty("name").GetString()!, a.GetProperty("x").GetInt32(), a.GetProperty("y").GetInt32(),
            a.GetProperty("width").GetInt32(), a.GetProperty("height").GetInt32());
        return new CheckGeometry(Area(g.GetProperty("face")), g.GetProperty("background").EnumerateArray().Select(Area).ToList());
    }

    /// <summary>The checks of the stored report (every rule, with its measured value), for the student and the reviewer.</summary>
    public static IReadOnlyList<PhotoCheck> Checks(Photo p)
    {
        if (p.CheckReport is null) return [];
        using var report = JsonDocument.Parse(p.CheckReport);
        return report.RootElement.GetProperty("checks").EnumerateArray().Select(c => new PhotoCheck(c.GetProperty("code").GetString()!,
            c.GetProperty("verdict").GetString()!, c.GetProperty("value").GetString(), c.GetProperty("range").GetString(),
            c.GetProperty("message").GetString()!)).ToList();
    }
}
