using System.Text.Json;
using ImageCollection.Core.Domain;
using Microsoft.Extensions.Options;

namespace ImageCollection.Worker.Compliance;

/// <summary>
/// <c>check-photo FILE...</c>: one JSON line per file ({file, verdict, checks, phash}); exit 0 when all passed, 1 when
/// any needs review, 2 when any was rejected, 3 on a usage error. Needs only the face model.
/// </summary>
public static class CheckPhotoCommand
{
    public static async Task<int> RunAsync(string[] files)
    {
        if (files.Length == 0 || files.Any(f => f.StartsWith('-')))
        {
            await Console.Error.WriteLineAsync("usage: ImageCollection.Worker check-photo FILE... (Photos:FaceModelPath finds the YuNet model)");
            return 3;
        }
        var missing = files.Where(f => !File.Exists(f)).ToList();
        if (missing.Count > 0)
        {
            await Console.Error.WriteLineAsync($"no such file: {string.Join(", ", missing)}");
            return 3;
        }
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.AddPhotoCompliance();
        using var host = builder.Build();
        PhotoChecker checker;
        try
        {
            checker = host.Services.GetRequiredService<PhotoChecker>();
        }
        catch (Exception e) when (e is FileNotFoundException or OptionsValidationException)
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 3;
        }
        var worst = 0;
        foreach (var file in files)
        {
            var report = checker.Check(await File.ReadAllBytesAsync(file));
            Console.WriteLine(JsonSerializer.Serialize(new { file, verdict = report.Verdict, checks = report.Checks, phash = report.PHash },
                PhotoCheckReport.Json));
            worst = Math.Max(worst, report.Verdict switch { CheckOutcome.Rejected => 2, CheckOutcome.NeedsReview => 1, _ => 0 });
        }
        return worst;
    }
}
