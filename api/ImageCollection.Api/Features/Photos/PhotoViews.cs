using System.Text.Json;
using ImageCollection.Api.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Photos;

namespace ImageCollection.Api.Features.Photos;

public sealed record PhotoReason(string Code, string Message);

public sealed record PhotoCheck(string Code, string Verdict, string? Value, string? Range, string Message);

public sealed record PhotoView(Guid Id, Guid EnrollmentId, PhotoSource Source, int SubmissionNumber, PhotoStatus Status, string? CheckVerdict,
    IReadOnlyList<PhotoReason> Reasons, string? ReviewNote, int? ShotNumber, DateTimeOffset CreatedAt, DateTimeOffset? ReviewedAt);

public sealed record PhotoDetail(PhotoView Photo, IReadOnlyList<PhotoCheck> Checks, Uri? OriginalUrl, Uri? NormalisedUrl, DateTimeOffset? UrlsExpireAt);

public static class PhotoMapping
{
    public static PhotoView ToView(Photo p) => new(p.Id, p.EnrollmentId, p.Source, p.SubmissionNumber, p.Status, p.CheckVerdict,
        p.RejectReasons.Select(r => new PhotoReason(r, PhotoReasons.Message(r))).ToList(), p.ReviewNote, p.Shot?.ShotNumber,
        p.CreatedAt.ToChina(), p.ReviewedAt.ToChina());

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
