using System.Globalization;
using System.Text.RegularExpressions;
using ImageCollection.Worker.Compliance;

namespace ImageCollection.Worker.Tests.Compliance;

internal static partial class Measured
{
    public static CheckResult Check(this PhotoCheckReport report, string code) => report.Checks.Single(c => c.Code == code);

    /// <summary>The first number of a check's measured value ("249.5 px" → 249.5).</summary>
    public static double Number(this PhotoCheckReport report, string code, int index = 0) =>
        double.Parse(NumberPattern().Matches(report.Check(code).Value!)[index].Value, CultureInfo.InvariantCulture);

    public static void AssertVerdict(this PhotoCheckReport report, string code, CheckVerdict verdict) =>
        Assert.True(report.Check(code).Verdict == verdict,
            $"{code}: expected {verdict}, got {report.Check(code)}\n{string.Join("\n", report.Checks.Where(c => c.Verdict != CheckVerdict.NotEvaluated))}");

    [GeneratedRegex(@"-?\d+(\.\d+)?")] private static partial Regex NumberPattern();
}
