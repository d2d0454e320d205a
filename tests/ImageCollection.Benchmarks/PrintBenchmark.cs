using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Core.Hosting;
using ImageCollection.Core.Storage;
using ImageCollection.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static ImageCollection.Benchmarks.ExportBenchmark;

namespace ImageCollection.Benchmarks;

/// <summary>
/// A print run under load (README, Performance): against a running stack (infra/bench/run.sh --phases prints), it makes
/// a school and a batch selling 8 × 2寸 per student in class packs, seeds N approved photos (a real 480×640 derivative
/// each) in 8 departments × 40 classes, reads the same N derivatives from the same S3 server (16 at a time: the read
/// ceiling, since a run reads each derivative once), then plans the run through the API and times the worker rendering
/// it while sampling the worker's RSS. The package is downloaded and checked (one PDF per class pack, the pick list's
/// rows). Prints the figures as JSON; exits non-zero when the run is wrong.
/// </summary>
public static class PrintBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string? fallback = null) => BenchStack.Arg(args, name, fallback);
        var workerPid = int.Parse(Arg("worker-pid"), CultureInfo.InvariantCulture);
        var count = int.Parse(Arg("students", "2000"), CultureInfo.InvariantCulture);

        var builder = Host.CreateApplicationBuilder();
        builder.AddCore();
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<IObjectStore>();
        using var api = await BenchStack.AdminAsync(Arg("api"), Arg("admin-password"));
        var batchId = await BenchStack.BatchAsync(api, "印制基准大学");
        await BenchStack.Created(await api.PutAsJsonAsync($"/api/v1/staff/batches/{batchId}/prints",
            new { layout = "two_inch", copies = 8, delivery = "school" }));

        var derivative = BenchStack.Derivative();
        Log($"seeding {count} approved photos of {derivative.Length} bytes into batch {batchId}");
        await ApprovedPhotos.SeedAsync(host.Services, batchId, Enumerable.Range(1, count)
            .Select(i => new ApprovedPhotos.Student($"2027{i:D6}", $"学院{i % 8}", $"班级{i % 40}")).ToList(), derivative);

        // The ceiling: the same derivatives read once each from the same S3 server, 16 at a time.
        var keys = await NormalisedKeysAsync(host.Services, batchId);
        var read = Stopwatch.StartNew();
        await Parallel.ForEachAsync(keys, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, ct) =>
        {
            using var buffer = new MemoryStream(48 * 1024);
            await store.GetAsync(key, buffer, ct);
        });
        var readSeconds = read.Elapsed.TotalSeconds;
        Log($"plain read: {count} objects in {readSeconds:F2} s");

        var workerBefore = Rss(workerPid);
        long workerPeak = workerBefore;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                workerPeak = Math.Max(workerPeak, Rss(workerPid));
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var run = Stopwatch.StartNew();
        var started = await api.PostAsync($"/api/v1/staff/batches/{batchId}/print-runs", null);
        if (!started.IsSuccessStatusCode) throw new InvalidOperationException(await started.Content.ReadAsStringAsync());
        var plan = await started.Content.ReadFromJsonAsync<JsonElement>();
        var runId = plan.GetProperty("run").GetProperty("id").GetGuid();
        JsonElement package;
        while (true)
        {
            package = await api.GetFromJsonAsync<JsonElement>($"/api/v1/staff/packages/{runId}");
            if (package.GetProperty("ready").GetBoolean() || package.GetProperty("status").GetString() == "failed") break;
            if (run.Elapsed > TimeSpan.FromMinutes(15)) throw new TimeoutException($"No print run after 15 minutes: {package}");
            await Task.Delay(100);
        }
        var runSeconds = run.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        if (!package.GetProperty("ready").GetBoolean()) throw new InvalidOperationException($"The print run failed: {package}");

        var link = await (await api.PostAsync($"/api/v1/staff/print-runs/{runId}/download", null)).Content.ReadFromJsonAsync<JsonElement>();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
        var bytes = await http.GetByteArrayAsync(link.GetProperty("url").GetString());
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var pdfs = zip.Entries.Count(e => e.FullName.StartsWith("sheets/", StringComparison.Ordinal));
        int pickRows;
        using (var reader = new StreamReader(zip.GetEntry("pick-list.csv")!.Open()))
            pickRows = (await reader.ReadToEndAsync()).Split("\r\n").Count(l => l.Length > 0) - 1;
        var sheets = plan.GetProperty("sheets").GetInt32();
        var ok = pickRows == count && pdfs == plan.GetProperty("parcels").GetInt32() && sheets == count;
        var sheetRate = sheets / runSeconds;
        var readRate = count / readSeconds;
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            students = count, sheets, classPacks = pdfs, packageBytes = bytes.Length, checkedOk = ok,
            runSeconds = Math.Round(runSeconds, 2), sheetsPerSecond = Math.Round(sheetRate, 1),
            plainReadSeconds = Math.Round(readSeconds, 2), plainReadObjectsPerSecond = Math.Round(readRate, 1),
            ratioToPlainRead = Math.Round(sheetRate / readRate, 3),
            workerRssMb = new { before = Mb(workerBefore), peak = Mb(workerPeak), highWaterMark = Mb(Hwm(workerPid)) },
        }, new JsonSerializerOptions { WriteIndented = true }));
        return ok ? 0 : 1;
    }

    private static void Log(string message) => Console.Error.WriteLine($"[print-bench] {message}");
}
