using System.Text.Json;
using System.Text.Json.Serialization;
using ImageCollection.Core.Domain;

namespace ImageCollection.Worker.Compliance;

[JsonConverter(typeof(JsonStringEnumConverter<CheckVerdict>))]
public enum CheckVerdict
{
    [JsonStringEnumMemberName("pass")] Pass,
    [JsonStringEnumMemberName("fail")] Fail,
    [JsonStringEnumMemberName("flag")] Flag,
    [JsonStringEnumMemberName("not_evaluated")] NotEvaluated,
}

/// <summary>One rule of the standard: its stable code, verdict, what was measured, what is allowed, and a message (中文 / English).</summary>
public sealed record CheckResult(string Code, CheckVerdict Verdict, string? Value, string? Range, string Message);

/// <summary>
/// The report of one upload: overall verdict (<c>rejected</c> on any fail, <c>needs_review</c> on flags only, else
/// <c>passed</c>), every check, the perceptual hash of the normalised image, what normalisation did, and the
/// normalised 480×640 JPEG when one could be made.
/// </summary>
public sealed record PhotoCheckReport(CheckOutcome Verdict, IReadOnlyList<CheckResult> Checks, string? PHash, string? Normalisation,
    [property: JsonIgnore] byte[]? NormalisedJpeg, CheckGeometry? Geometry = null)
{
    /// <summary>The stored report's JSON: verdicts as snake_case strings (<c>rejected</c>, <c>not_evaluated</c>), Chinese as is.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter<CheckOutcome>(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static CheckOutcome VerdictOf(IEnumerable<CheckResult> checks)
    {
        var list = checks.ToList();
        return list.Any(c => c.Verdict == CheckVerdict.Fail) ? CheckOutcome.Rejected
            : list.Any(c => c.Verdict == CheckVerdict.Flag) ? CheckOutcome.NeedsReview : CheckOutcome.Passed;
    }
}

/// <summary>A rectangle of the normalised 480×640 image, in pixels.</summary>
public sealed record CheckArea(string Name, int X, int Y, int Width, int Height)
{
    public static CheckArea Of(string name, OpenCvSharp.Rect r) => new(name, r.X, r.Y, r.Width, r.Height);
}

/// <summary>Where the checks looked: the detected face and the background sample areas (drawn for the reviewer).</summary>
public sealed record CheckGeometry(CheckArea Face, IReadOnlyList<CheckArea> Background);

/// <summary>Per-batch overrides of the deployment's thresholds.</summary>
public sealed record PhotoCheckOverrides(IReadOnlyList<string>? AllowedBackgrounds = null);
