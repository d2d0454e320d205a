using System.Text.Json;
using System.Text.Json.Serialization;

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
public sealed record PhotoCheckReport(string Verdict, IReadOnlyList<CheckResult> Checks, string? PHash, string? Normalisation,
    [property: JsonIgnore] byte[]? NormalisedJpeg)
{
    public const string Passed = "passed", NeedsReview = "needs_review", Rejected = "rejected";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public IEnumerable<string> FailedCodes => Checks.Where(c => c.Verdict == CheckVerdict.Fail).Select(c => c.Code);

    public static string VerdictOf(IEnumerable<CheckResult> checks)
    {
        var list = checks.ToList();
        return list.Any(c => c.Verdict == CheckVerdict.Fail) ? Rejected : list.Any(c => c.Verdict == CheckVerdict.Flag) ? NeedsReview : Passed;
    }
}

/// <summary>Per-batch overrides of the deployment's thresholds.</summary>
public sealed record PhotoCheckOverrides(IReadOnlyList<string>? AllowedBackgrounds = null);
