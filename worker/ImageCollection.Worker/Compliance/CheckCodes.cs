namespace ImageCollection.Worker.Compliance;

/// <summary>Stable check codes; their phrases live in <see cref="Core.Photos.PhotoReasons"/>, shared with the API.</summary>
public static class CheckCodes
{
    public static IReadOnlyDictionary<string, (string Zh, string En)> Messages => Core.Photos.PhotoReasons.Checks;

    /// <summary>Left to the reviewer: no check here can judge them without a model.</summary>
    public static readonly string[] ReviewerChecklist =
        ["eyes.open", "mouth.closed", "glasses.glare", "ears.visible", "jewellery", "head_covering", "makeup.heavy", "retouching", "mirrored"];

    public static CheckResult Result(string code, CheckVerdict verdict, string? value = null, string? range = null)
    {
        var (zh, en) = Messages[code];
        return new CheckResult(code, verdict, value, range, $"{zh} / {en}");
    }
}
