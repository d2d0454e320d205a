using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Delivery;

/// <summary>
/// The photo setup for delivery: 校对 reminders and the retention of delivered originals due at once, packages swept
/// every 2 s (a killed build is taken over once its 5 s lease ran out), plus helpers for approved photos and packages.
/// </summary>
public class DeliveryApiFactory : PhotoApiFactory
{
    public DeliveryApiFactory()
    {
        Settings["Delivery:ProofReminderDays"] = "0";
        Settings["Retention:DeliveredPhotoDays"] = "0";
        Settings["Jobs:SweepInterval"] = "00:00:02";
        Settings["Auth:StaffLoginPermitsPerMinute"] = "1000";
    }

    public HttpClient Support { get; private set; } = null!;
    public HttpClient Reviewer { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Support = CreateClient((await LoginStaffAsync([StaffRoles.Support])).Token);
        Reviewer = CreateClient((await LoginStaffAsync([StaffRoles.Reviewer])).Token);
    }

    /// <summary>A school and an open online batch of it.</summary>
    public async Task<(JsonElement Batch, Guid BatchId, string SchoolCode)> SchoolBatchAsync(string type = "online")
    {
        var school = await Seed.SchoolAsync(Support);
        var batch = await Seed.BatchAsync(Support, school.GetProperty("id").GetGuid(), type: type);
        return (batch, batch.GetProperty("id").GetGuid(), school.GetProperty("code").GetString()!);
    }

    public static string CollectionCode(string schoolCode, string? chsiStudentId) =>
        TestCollectionCodeVerifier.Encode(new ChsiFacts(chsiStudentId, "张*", $"{Random.Shared.Next(1100, 6599)}**********1234", schoolCode, 2027,
            ChsiFacts.Registered)); // the masked prefix makes each code another student's

    /// <summary>A student enrolled (by collection code, or by hand without one), paid, with details for the school's lists.</summary>
    public async Task<Enrolled> StudentAsync(JsonElement batch, string studentNumber, string? code = null, string? major = "计算机学院",
        string? className = "软工1班", bool pay = true)
    {
        var (studentId, token) = await LoginStudentAsync("d" + Guid.NewGuid().ToString("N")[..10]);
        var student = CreateClient(token);
        object body = code is null
            ? new
            {
                acceptAgreement = true, agreementVersion = "2026-09", method = "manual", name = "李四", studentNumber, sex = "female", idType = "resident_id",
                idNumber = Seed.IdNumber(), major, className, educationLevel = "普通本科", schoolName = "示例大学", schoolCategory = "普通高校",
                email = "student@example.edu.cn", phone = "139" + Random.Shared.Next(10000000, 99999999),
            }
            : new
            {
                acceptAgreement = true, agreementVersion = "2026-09", method = "collection_code", collectionCode = code, idLast4 = "1234", name = "李四",
                studentNumber, major, className,
            };
        var response = await student.PostAsJsonAsync($"/api/v1/batches/{batch.GetProperty("featureCode").GetString()}/enrollments", body);
        var enrollment = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, enrollment.ToString());
        var s = new Enrolled(student, studentId, enrollment.GetProperty("id").GetGuid(), batch);
        if (pay)
        {
            var order = await OrderAsync(student, s.EnrollmentId);
            await PayAsync(order.GetProperty("outTradeNo").GetString()!);
            var orderId = order.GetProperty("id").GetGuid();
            await Eventually(async () => await WithDbAsync(db => db.Orders.AnyAsync(o => o.Id == orderId && o.Status == OrderStatus.Paid)), "paid");
        }
        return s;
    }

    /// <summary>Uploads a photo that passes the check and waits until the worker has checked it.</summary>
    public async Task<Guid> InReviewAsync(Enrolled s)
    {
        var response = await UploadAsync(s.Student, s.EnrollmentId, GoodPhoto());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal(PhotoStatus.PendingReview, (await SettledAsync(id)).Status);
        return id;
    }

    public async Task<Guid> ApprovedAsync(Enrolled s)
    {
        var id = await InReviewAsync(s);
        Assert.True((await Reviewer.PostAsync($"/api/v1/staff/reviews/{id}/claim", null)).IsSuccessStatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Reviewer.PostAsync($"/api/v1/staff/reviews/{id}/approve", null)).StatusCode);
        return id;
    }

    public async Task<JsonElement> ChsiPackageAsync(Guid batchId)
    {
        var response = await Support.PostAsync($"/api/v1/staff/batches/{batchId}/chsi-packages", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body.ToString());
        return await ReadyAsync(Support, body.GetProperty("id").GetGuid());
    }

    /// <summary>Waits until the worker has built the package, and returns its view.</summary>
    public static async Task<JsonElement> ReadyAsync(HttpClient staff, Guid packageId, int seconds = 60) =>
        await EventuallyValue(async () => await staff.GetFromJsonAsync<JsonElement>($"/api/v1/staff/packages/{packageId}"),
            p => p.GetProperty("ready").GetBoolean() || p.GetProperty("status").GetString() == "failed", "package built", seconds) is var view
        && view.GetProperty("ready").GetBoolean() ? view : throw new Xunit.Sdk.XunitException($"The package failed: {view}");

    /// <summary>Downloads a finished package through its presigned link.</summary>
    public static async Task<(ZipArchive Zip, JsonElement Link)> DownloadAsync(HttpClient staff, Guid packageId)
    {
        var response = await staff.PostAsync($"/api/v1/staff/packages/{packageId}/download", null);
        var link = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.IsSuccessStatusCode, link.ToString());
        using var http = new HttpClient();
        var bytes = await http.GetByteArrayAsync(link.GetProperty("url").GetString());
        return (new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read), link);
    }

    public static byte[] Read(ZipArchive zip, string name)
    {
        var names = string.Join(", ", zip.Entries.Select(e => e.FullName));
        var entry = zip.GetEntry(name) ?? throw new Xunit.Sdk.XunitException($"{name} is not in the package: {names}");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>A CSV the service wrote: UTF-8 with a BOM and CRLF line ends, split into rows of header → value (no quoted commas expected).</summary>
    public static List<Dictionary<string, string>> Csv(byte[] bytes)
    {
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.DoesNotContain("\n", text.Replace("\r\n", ""));
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = lines[0].Split(',');
        return lines.Skip(1).Select(l => l.Split(',').Select((v, i) => (headers[i], v.Trim('"'))).ToDictionary(x => x.Item1, x => x.Item2)).ToList();
    }

    /// <summary>SHA256SUMS (sha256sum's format) agrees with every other file of the package.</summary>
    public static void ChecksumsMatch(ZipArchive zip)
    {
        var sums = Encoding.UTF8.GetString(Read(zip, "SHA256SUMS")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split("  ", 2)).ToDictionary(p => p[1], p => p[0]);
        var files = zip.Entries.Select(e => e.FullName).Where(n => n != "SHA256SUMS").ToList();
        Assert.Equal(files.Order(), sums.Keys.Order());
        foreach (var name in files)
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Read(zip, name))), sums[name]);
    }

    /// <summary>
    /// The texts (values joined) of the messages to one mini-program page: waiting in the outbox, and sent to the emulator
    /// (the sender deletes what it sent, so a message is in one or, between its send and its delete, both).
    /// </summary>
    public async Task<(List<string> Queued, List<string> Sent)> MessagesToAsync(string page)
    {
        var queued = (await WithDbAsync(db => db.StudentMessages.Where(m => m.Page == page).ToListAsync()))
            .Select(m => string.Join(" ", m.ValueMap.Values)).ToList();
        var sent = (await Emulator.GetFromJsonAsync<JsonElement[]>("/control/messages"))!.Select(m => m.GetProperty("message"))
            .Where(m => m.TryGetProperty("page", out var p) && p.GetString() == page)
            .Select(m => string.Join(" ", m.GetProperty("data").EnumerateObject().Select(f => f.Value.GetProperty("value").GetString()))).ToList();
        return (queued, sent);
    }

    public static HttpContent CsvContent(string text) => new StringContent(text, Encoding.UTF8, "text/csv");
}
