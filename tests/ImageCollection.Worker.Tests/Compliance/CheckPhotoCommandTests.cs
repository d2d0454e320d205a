using System.Text.Json;
using ImageCollection.Testing;

namespace ImageCollection.Worker.Tests.Compliance;

/// <summary>The built worker's check-photo command on the shared fixtures.</summary>
public sealed class CheckPhotoCommandTests
{
    private static async Task<(int Exit, List<JsonElement> Lines, string Output)> Run(params string[] files)
    {
        await using var process = ChildProcess.StartHost("check-photo", RepoPaths.HostDll("worker/ImageCollection.Worker"), new Dictionary<string, string?>(),
            ["check-photo", .. files]);
        var exit = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var output = process.Output;
        var lines = output.Split('\n').Where(l => l.StartsWith('{')).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        return (exit, lines, output);
    }

    private static string[] FailedCodes(JsonElement line) =>
        line.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("verdict").GetString() == "fail").Select(c
            => c.GetProperty("code").GetString()!).ToArray();

    [Fact]
    public async Task The_grayscale_cameraman_and_the_group_photo_are_rejected_with_the_right_codes()
    {
        var cameraman = RepoPaths.SharedFile("fixtures", "faces", "skimage_camera_lav_varshney.png");
        var group = RepoPaths.SharedFile("fixtures", "faces", "visp_solvay_conference_1927_2126x1463.jpg");
        var (exit, lines, output) = await Run(cameraman, group);

        Assert.True(exit == 2, output);
        Assert.Equal([cameraman, group], lines.Select(l => l.GetProperty("file").GetString()));
        Assert.All(lines, l => Assert.Equal("rejected", l.GetProperty("verdict").GetString()));
        Assert.Contains("colour.grayscale", FailedCodes(lines[0]));
        Assert.Contains("container.format", FailedCodes(lines[0]));
        Assert.Contains("face.count", FailedCodes(lines[1]));
        var faces = lines[1].GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "face.count");
        Assert.True(int.Parse(faces.GetProperty("value").GetString()!) >= 20);
        Assert.Matches("^[0-9a-f]{16}$", lines[1].GetProperty("phash").GetString());
    }

    [Fact]
    public async Task A_missing_file_is_a_usage_error()
    {
        var (exit, _, _) = await Run("/no/such/photo.jpg");
        Assert.Equal(3, exit);
        Assert.Equal(3, (await Run()).Exit);
    }
}
