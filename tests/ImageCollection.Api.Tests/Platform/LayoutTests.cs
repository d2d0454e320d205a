using System.Text.RegularExpressions;
using ImageCollection.Testing;

namespace ImageCollection.Api.Tests.Platform;

/// <summary>The layout README's Layout section describes, kept: names follow folders, lines keep their length.</summary>
public sealed partial class LayoutTests
{
    private const int MaxLineLength = 160; // .editorconfig max_line_length

    private static IEnumerable<string> SourceFiles() =>
        new[] { "api", "worker", "tests", "infra" }.SelectMany(dir => Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, dir), "*.cs",
            SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")
                        && !f.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}"));

    [Fact]
    public void No_line_of_code_is_longer_than_the_editorconfig_says()
    {
        var generated = $"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}";
        var longLines = SourceFiles().Where(f => !f.Contains(generated))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(RepoPaths.Root, f), Line: i + 1, line.Length)))
            .Where(x => x.Length > MaxLineLength).Select(x => $"{x.File}:{x.Line} ({x.Length})").ToList();
        Assert.True(longLines.Count == 0, string.Join("\n", longLines));
        Assert.Contains($"max_line_length = {MaxLineLength}", File.ReadAllText(Path.Combine(RepoPaths.Root, ".editorconfig")));
    }

    [Fact]
    public void Every_namespace_follows_its_folder()
    {
        var wrong = new List<string>();
        foreach (var file in SourceFiles())
        {
            var declared = Namespace().Match(File.ReadAllText(file));
            if (!declared.Success) continue;
            var relative = Path.GetRelativePath(RepoPaths.Root, Path.GetDirectoryName(file)!).Split(Path.DirectorySeparatorChar);
            // api/ImageCollection.Api/Features/Orders → ImageCollection.Api.Features.Orders
            var expected = string.Join('.', relative.Skip(1));
            if (declared.Groups[1].Value != expected) wrong.Add($"{Path.GetRelativePath(RepoPaths.Root, file)}: {declared.Groups[1].Value}, not {expected}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void No_folder_or_file_is_a_grab_bag()
    {
        var vague = SourceFiles().Select(f => Path.GetRelativePath(RepoPaths.Root, f))
            .Where(f => Regex.IsMatch(f, @"(Helpers?|Utils?|Utilities|Manager|Misc|Common)(\.cs|/)", RegexOptions.IgnoreCase)).ToList();
        Assert.Empty(vague);
    }

    [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
    private static partial Regex Namespace();
}
