using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ImageCollection.Core.Data;
using ImageCollection.Core.Hosting;
using ImageCollection.Core.Storage;
using ImageCollection.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageCollection.Benchmarks;

/// <summary>
/// The school-package export under load (README, Performance): against a running stack (infra/bench/run.sh starts
/// one), it makes a school and batch through the API, seeds N approved photos straight into the database and the S3
/// server (a real 480×640 derivative each), copies the same N objects through the same S3 server (GET then PUT,
/// 16 at a time: the plain-copy ceiling), then asks the API for the package and times the worker building it while
/// sampling the API's and the worker's RSS. The package is downloaded and checked (size, SHA-256, one entry per
/// photo). Prints the figures as JSON; exits non-zero when the package is wrong.
/// Needs the stack's configuration in the environment: ConnectionStrings__Postgres, Storage__*, PersonalData__*.
/// </summary>
public static class ExportBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        string Arg(string name, string? fallback = null) => BenchStack.Arg(args, name, fallback);
        var apiPid = int.Parse(Arg("api-pid"), CultureInfo.InvariantCulture);
        var workerPid = int.Parse(Arg("worker-pid"), CultureInfo.InvariantCulture);
        var count = int.Parse(Arg("photos", "10000"), CultureInfo.InvariantCulture);

        var builder = Host.CreateApplicationBuilder();
        builder.AddCore();
        using var host = builder.Build();
        var store = host.Services.GetRequiredService<IObjectStore>();
        using var api = await BenchStack.AdminAsync(Arg("api"), Arg("admin-password"));
        var batchId = await BenchStack.BatchAsync(api, "导出基准大学");
        var derivative = BenchStack.Derivative();
        Log($"seeding {count} approved photos of {derivative.Length} bytes into batch {batchId}");
        var seed = Stopwatch.StartNew();
        await ApprovedPhotos.SeedAsync(host.Services, batchId, Enumerable.Range(1, count)
            .Select(i => new ApprovedPhotos.Student($"2027{i:D6}", $"学院{i % 8}", $"班级{i % 40}")).ToList(), derivative);
        Log($"seeded in {seed.Elapsed.TotalSeconds:F1} s");

        // The ceiling: the same objects read and written once each through the same S3 server, 16 at a time.
        var normalised = await NormalisedKeysAsync(host.Services, batchId);
        var copy = Stopwatch.StartNew();
        await Parallel.ForEachAsync(normalised, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (key, ct) =>
        {
            using var buffer = new MemoryStream(48 * 1024);
            await store.GetAsync(key, buffer, ct);
            buffer.Position = 0;
            await store.PutAsync("bench-copy/" + key, buffer, buffer.Length, "image/jpeg", ct);
        });
        var copySeconds = copy.Elapsed.TotalSeconds;
        Log($"plain copy: {count} objects in {copySeconds:F2} s");

        // The export, with the API's and the worker's memory sampled every 100 ms.
        var (apiBefore, workerBefore) = (Rss(apiPid), Rss(workerPid));
        long apiPeak = apiBefore, workerPeak = workerBefore, apiAnonPeak = 0, workerAnonPeak = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                apiPeak = Math.Max(apiPeak, Rss(apiPid));
                workerPeak = Math.Max(workerPeak, Rss(workerPid));
                apiAnonPeak = Math.Max(apiAnonPeak, Status(apiPid, "RssAnon:"));
                workerAnonPeak = Math.Max(workerAnonPeak, Status(workerPid, "RssAnon:"));
                try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var export = Stopwatch.StartNew();
        var started = await api.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/exports", new { folders = true });
        if (!started.IsSuccessStatusCode) throw new InvalidOperationException(await started.Content.ReadAsStringAsync());
        var packageId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        JsonElement package;
        while (true)
        {
            package = await api.GetFromJsonAsync<JsonElement>($"/api/v1/staff/packages/{packageId}");
            if (package.GetProperty("ready").GetBoolean() || package.GetProperty("status").GetString() == "failed") break;
            if (export.Elapsed > TimeSpan.FromMinutes(15)) throw new TimeoutException($"No package after 15 minutes: {package}");
            await Task.Delay(100);
        }
        var exportSeconds = export.Elapsed.TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        if (!package.GetProperty("ready").GetBoolean()) throw new InvalidOperationException($"The package failed: {package}");

        // Read it back: size, SHA-256 and one photo entry per approved photo.
        var link = await (await api.PostAsync($"/api/v1/staff/packages/{packageId}/download", null)).Content.ReadFromJsonAsync<JsonElement>();
        var file = Path.GetTempFileName();
        try
        {
            using (var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) })
            await using (var body = await http.GetStreamAsync(link.GetProperty("url").GetString()))
            await using (var target = File.Create(file))
                await body.CopyToAsync(target);
            var size = new FileInfo(file).Length;
            string sha;
            await using (var read = File.OpenRead(file)) sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(read));
            int entries;
            using (var zip = ZipFile.OpenRead(file)) entries = zip.Entries.Count(e => e.FullName.StartsWith("photos/", StringComparison.Ordinal));
            var ok = size == package.GetProperty("size").GetInt64() && sha == package.GetProperty("sha256").GetString() && entries == count;
            var exportRate = count / exportSeconds;
            var copyRate = count / copySeconds;
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                photos = count, derivativeBytes = derivative.Length, packageBytes = size, entries, checkedOk = ok,
                exportSeconds = Math.Round(exportSeconds, 2), exportPhotosPerSecond = Math.Round(exportRate, 1),
                plainCopySeconds = Math.Round(copySeconds, 2), plainCopyObjectsPerSecond = Math.Round(copyRate, 1),
                ratioToPlainCopy = Math.Round(exportRate / copyRate, 2),
                // VmRSS; its anonymous part (heaps, JIT code) apart from mapped files (assemblies, native libraries).
                apiRssMb = new { before = Mb(apiBefore), peak = Mb(apiPeak), anonymousPeak = Mb(apiAnonPeak), highWaterMark = Mb(Hwm(apiPid)) },
                workerRssMb = new { before = Mb(workerBefore), peak = Mb(workerPeak), anonymousPeak = Mb(workerAnonPeak), highWaterMark = Mb(Hwm(workerPid)) },
            }, new JsonSerializerOptions { WriteIndented = true }));
            return ok ? 0 : 1;
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static async Task<List<string>> NormalisedKeysAsync(IServiceProvider services, Guid batchId)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return await db.Photos.Where(p => p.BatchId == batchId && p.NormalisedKey != null).Select(p => p.NormalisedKey!).ToListAsync();
    }

    internal static long Rss(int pid) => Status(pid, "VmRSS:");
    internal static long Hwm(int pid) => Status(pid, "VmHWM:");

    /// <summary>A /proc/PID/status figure in bytes (0 when the process is gone).</summary>
    internal static long Status(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException) { return 0; }
    }

    internal static double Mb(long bytes) => Math.Round(bytes / 1024.0 / 1024.0, 1);

    private static void Log(string message) => Console.Error.WriteLine($"[export-bench] {message}");
}
