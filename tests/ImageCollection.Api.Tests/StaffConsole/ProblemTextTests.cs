using System.Text.RegularExpressions;
using ImageCollection.Testing;

namespace ImageCollection.Api.Tests.StaffConsole;

/// <summary>
/// The console shows a problem in Chinese by its code (console/src/problemTexts.ts), the API's English title and
/// detail beneath: every code the API refuses with has its text, so a new refusal cannot reach staff in English only.
/// </summary>
public sealed partial class ProblemTextTests
{
    /// <summary>A refusal in the API's source: a domain exception, a problem helper, or a default code by status.</summary>
    private const string Raise = @"(?:DomainException\.\w+\(|new DomainException\(\s*DomainErrorKind\.\w+\s*,|new\(\s*DomainErrorKind\.\w+\s*,"
        + @"|TooManyRequestsException\(|Unusable\(|Problem\(\s*\d{3}\s*,|Validation\()\s*""([a-z_]+\.[a-z_]+)""";

    [GeneratedRegex(Raise + @"|=> ""([a-z_]+(?:\.[a-z_]+)?)"",")]
    private static partial Regex Refusal();

    [GeneratedRegex("""^\s*'?([a-z_]+(?:\.[a-z_]+)?)'?: '""", RegexOptions.Multiline)]
    private static partial Regex Text();

    [Fact]
    public void Every_code_the_API_refuses_with_has_a_Chinese_text_in_the_console()
    {
        var api = Path.Combine(RepoPaths.Root, "api");
        var sources = Directory.EnumerateFiles(api, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));
        var codes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in sources)
        {
            var text = File.ReadAllText(file);
            foreach (Match m in Refusal().Matches(text))
                if (m.Groups[1].Success) codes.Add(m.Groups[1].Value);
            if (Path.GetFileName(file) == "ProblemResponses.cs") // the default code of each status
                foreach (Match m in Refusal().Matches(text))
                    if (m.Groups[2].Success) codes.Add(m.Groups[2].Value);
        }
        Assert.True(codes.Count > 100, $"only {codes.Count} codes found: the pattern no longer matches how the API refuses");
        Assert.Contains("refund.exceeds_paid", codes);
        Assert.Contains("not_found", codes);

        var texts = Text().Matches(File.ReadAllText(Path.Combine(RepoPaths.Root, "console", "src", "problemTexts.ts")))
            .Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        var missing = codes.Where(c => !texts.Contains(c)).ToList();
        Assert.True(missing.Count == 0, "no Chinese text in console/src/problemTexts.ts for: " + string.Join(", ", missing));
    }
}
