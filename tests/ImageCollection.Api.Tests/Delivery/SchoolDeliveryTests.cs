using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Storage;
using ImageCollection.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using OpenCvSharp;

namespace ImageCollection.Api.Tests.Delivery;

/// <summary>What schools get: rosters, progress and the who-missed list, school packages (and one whose worker dies).</summary>
public sealed class SchoolDeliveryTests(DeliveryApiFactory api) : IClassFixture<DeliveryApiFactory>
{
    private const string Header = "学号,姓名,院系,专业,班级\r\n";

    private async Task<HttpClient> SchoolStaffAsync(string schoolCode) =>
        api.CreateClient((await api.LoginStaffAsync([StaffRoles.School], [schoolCode])).Token);

    [Fact]
    public async Task A_roster_with_a_bad_row_is_rejected_whole_then_imported_and_a_new_one_says_what_changed()
    {
        var (_, batchId, schoolCode) = await api.SchoolBatchAsync();
        var school = await SchoolStaffAsync(schoolCode);
        var url = $"/api/v1/staff/batches/{batchId}/roster";

        var bad = await (await school.PutAsync(url, DeliveryApiFactory.CsvContent(Header
                + "20231001,王一,计算机学院,软件工程,软工1班\r\n,王二,计算机学院,软件工程,软工1班\r\n20231001,王三,计算机学院,软件工程,软工2班\r\n20231004,,外国语学院,英语,英语1班\r\n")))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "roster.invalid");
        Assert.Equal([(3, "学号"), (4, "学号"), (5, "姓名")], bad.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()!)).ToArray());
        Assert.Equal(0, (await school.GetFromJsonAsync<JsonElement>(url)).GetProperty("rows").GetInt32());
        await (await school.PutAsync(url, DeliveryApiFactory.CsvContent("学号,姓名,身份证号\r\n20231001,王一,440101200001011234\r\n")))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "roster.invalid");

        var first = await (await school.PutAsync(url, DeliveryApiFactory.CsvContent(Header
            + "20231001,王一,计算机学院,软件工程,软工1班\r\n20231002,王二,计算机学院,软件工程,软工1班\r\n20231003,王三,外国语学院,英语,英语1班\r\n"))).Content
            .ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 3, 0), (first.GetProperty("rows").GetInt32(), first.GetProperty("added").GetInt32(), first.GetProperty("removed").GetInt32()));
        var roster = await school.GetFromJsonAsync<JsonElement>(url);
        Assert.Equal(3, roster.GetProperty("rows").GetInt32());
        var row = roster.GetProperty("entries")[0];
        Assert.Equal(("20****01", "王*"), (row.GetProperty("studentNumber").GetString(), row.GetProperty("name").GetString()));

        // The same as xlsx: 20231002 leaves, 20231003 changes class, 20231004 comes.
        using var xlsx = new MemoryStream();
        await xlsx.SaveAsAsync(new[]
        {
            new Dictionary<string, object> { ["学号"] = "20231001", ["姓名"] = "王一", ["院系"] = "计算机学院", ["专业"] = "软件工程", ["班级"] = "软工1班" },
            new Dictionary<string, object> { ["学号"] = "20231003", ["姓名"] = "王三", ["院系"] = "外国语学院", ["专业"] = "英语", ["班级"] = "英语2班" },
            new Dictionary<string, object> { ["学号"] = "20231004", ["姓名"] = "王四", ["院系"] = "外国语学院", ["专业"] = "英语", ["班级"] = "英语2班" },
        });
        var content = new ByteArrayContent(xlsx.ToArray());
        content.Headers.ContentType = new("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        var second = await (await school.PutAsync(url, content)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 1, 1, 1, 1), (second.GetProperty("rows").GetInt32(), second.GetProperty("added").GetInt32(), second.GetProperty("removed").GetInt32(),
            second.GetProperty("changed").GetInt32(), second.GetProperty("unchanged").GetInt32()));

        var other = await SchoolStaffAsync(Seed.NextSchoolCode());
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task Progress_and_the_who_missed_list_show_every_state_against_the_roster()
    {
        var (batch, batchId, schoolCode) = await api.SchoolBatchAsync();
        var schoolId = await api.WithDbAsync(db => db.Batches.Where(b => b.Id == batchId).Select(b => b.SchoolId).SingleAsync());
        var walkIn = await Seed.BatchAsync(api.Support, schoolId, type: "walk_in");
        var school = await SchoolStaffAsync(schoolCode);
        Assert.Equal(HttpStatusCode.OK, (await school.PutAsync($"/api/v1/staff/batches/{batchId}/roster", DeliveryApiFactory.CsvContent(Header
            + "20239001,甲一,计算机学院,软件工程,软工1班\r\n20239002,甲二,计算机学院,软件工程,软工1班\r\n20239003,甲三,计算机学院,软件工程,软工1班\r\n"
            + "20239004,甲四,计算机学院,软件工程,软工1班\r\n20239005,乙五,外国语学院,英语,英语1班\r\n20239006,乙六,外国语学院,英语,英语1班\r\n"
            + "20239007,乙七,外国语学院,英语,英语1班\r\n20239008,乙八,外国语学院,英语,英语1班\r\n"))).StatusCode);

        // 20239001 never enrolls; the others reach each state; 20239009 is not on the roster.
        await api.StudentAsync(batch, "20239002", pay: false);
        await api.StudentAsync(batch, "20239003");
        var rejected = await api.StudentAsync(batch, "20239004");
        var gray = (await (await PhotoApiFactory.UploadAsync(rejected.Student, rejected.EnrollmentId, api.GrayPhoto())).Content
            .ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(PhotoStatus.CheckFailed, (await api.SettledAsync(gray)).Status);
        await api.InReviewAsync(await api.StudentAsync(batch, "20239005"));
        var delivered = await api.ApprovedAsync(await api.StudentAsync(batch, "20239007", DeliveryApiFactory.CollectionCode(schoolCode, null)));
        var refunded = await api.StudentAsync(batch, "20239008");
        var package = (await api.ChsiPackageAsync(batchId)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await api.Support.PostAsync($"/api/v1/staff/packages/{package}/delivered", null)).StatusCode);
        Assert.Equal(DeliveryStatus.Delivered, (await api.PhotoAsync(delivered)).Delivery);
        await api.ApprovedAsync(await api.StudentAsync(batch, "20239006")); // approved after that package: not delivered
        await api.ApprovedAsync(await api.StudentAsync(batch, "20239009", major: "数学学院", className: "数学1班"));
        var order = await api.WithDbAsync(db => db.Orders.SingleAsync(o => o.EnrollmentId == refunded.EnrollmentId));
        Assert.Equal(HttpStatusCode.Accepted, (await api.Support.PostAsJsonAsync($"/api/v1/staff/orders/{order.Id}/refunds",
            new { amountFen = order.AmountFen, reason = "不参加" })).StatusCode);
        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db => db.Enrollments.AnyAsync(e => e.Id == refunded.EnrollmentId
            && e.Status == EnrollmentStatus.Refunded)), "refunded");

        var progress = await school.GetFromJsonAsync<JsonElement>($"/api/v1/staff/batches/{batchId}/progress");
        Assert.True(progress.GetProperty("hasRoster").GetBoolean());
        static string Counts(JsonElement l) => string.Join(' ', new[] { "expected", "enrolled", "paid", "photographed", "inReview", "approved", "delivered",
            "refunded", "missing",
                "percentApproved" }.Select(p => l.GetProperty(p).ValueKind == JsonValueKind.Null ? "-" : l.GetProperty(p).GetInt32().ToString()));
        var lines = progress.GetProperty("lines").EnumerateArray().ToDictionary(l => l.GetProperty("department").GetString() + "/" + l.GetProperty("className")
            .GetString(), Counts);
        // expected enrolled paid photographed inReview approved delivered refunded missing percent
        Assert.Equal("4 3 2 0 0 0 0 0 4 0", lines["计算机学院/软工1班"]);
        Assert.Equal("4 4 3 3 1 2 1 1 1 50", lines["外国语学院/英语1班"]);
        Assert.Equal("0 1 1 1 0 1 0 0 0 0", lines["数学学院/数学1班"]); // enrolled, not on the roster: counted, not expected
        Assert.Equal("8 8 6 4 1 3 1 1 5 25", Counts(progress.GetProperty("total")));

        var missing = await school.GetFromJsonAsync<JsonElement>($"/api/v1/staff/batches/{batchId}/missing");
        Assert.Equal(["20****01:not_enrolled", "20****02:enrolled", "20****03:paid", "20****04:rejected", "20****05:in_review"],
            missing.EnumerateArray().Select(m => m.GetProperty("studentNumber").GetString() + ":" + m.GetProperty("state").GetString()).ToArray());
        Assert.All(missing.EnumerateArray(), m => Assert.Equal(walkIn.GetProperty("featureCode").GetString(),
            m.GetProperty("openBatchFeatureCode").GetString()));

        // The download names students in full, for the school's own follow-up, and is audited.
        var csv = DeliveryApiFactory.Csv(await school.GetByteArrayAsync($"/api/v1/staff/batches/{batchId}/missing?format=csv"));
        Assert.Equal(["20239001", "20239002", "20239003", "20239004", "20239005"], csv.Select(r => r["学号"]).ToArray());
        Assert.Equal("照片未通过，待重拍", csv[3]["状态"]);
        Assert.Equal(1, await api.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "missing.downloaded" && e.EntityId == batchId)));
        using var xlsx = new MemoryStream(await school.GetByteArrayAsync($"/api/v1/staff/batches/{batchId}/progress?format=xlsx"));
        var sheet = xlsx.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
        Assert.Equal("合计", sheet[^1]["院系/专业"]);
    }

    [Fact]
    public async Task A_school_package_names_photos_by_student_number_in_folders_with_manifests_and_the_not_collected_list()
    {
        var (batch, batchId, schoolCode) = await api.SchoolBatchAsync();
        var school = await SchoolStaffAsync(schoolCode);
        Assert.Equal(HttpStatusCode.OK, (await school.PutAsync($"/api/v1/staff/batches/{batchId}/roster", DeliveryApiFactory.CsvContent(Header
            + "20238001,丙一,计算机学院,软件工程,软工1班\r\n20238002,丙二,计算机学院,软件工程,软工2班\r\n20238003,丙三,计算机学院,软件工程,软工2班\r\n"))).StatusCode);
        var first = await api.ApprovedAsync(await api.StudentAsync(batch, "20238001"));
        await api.ApprovedAsync(await api.StudentAsync(batch, "20238002", className: "软工2班"));

        var started = await school.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/exports", new { folders = true });
        var body = await started.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, body.ToString());
        var packageId = body.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.NotFound,
            (await (await SchoolStaffAsync(Seed.NextSchoolCode())).GetAsync($"/api/v1/staff/packages/{packageId}")).StatusCode);
        var view = await DeliveryApiFactory.ReadyAsync(school, packageId);
        Assert.Equal((2, 2, 100), (view.GetProperty("total").GetInt32(), view.GetProperty("done").GetInt32(), view.GetProperty("percent").GetInt32()));
        var (zip, link) = await DeliveryApiFactory.DownloadAsync(school, packageId);
        Assert.Matches(@"^photos-.*\.zip$", link.GetProperty("fileName").GetString());

        Assert.Equal(new[] { "photos/计算机学院/软工1班/20238001.jpg", "photos/计算机学院/软工2班/20238002.jpg", "manifest.csv", "manifest.xlsx", "not_collected.csv",
            "README.txt", "SHA256SUMS" }.Order(StringComparer.Ordinal), zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var jpeg = DeliveryApiFactory.Read(zip, "photos/计算机学院/软工1班/20238001.jpg");
        var store = api.Services.GetRequiredService<IObjectStore>();
        using (var stored = new MemoryStream())
        {
            await store.GetAsync((await api.PhotoAsync(first)).NormalisedKey!, stored, CancellationToken.None);
            Assert.Equal(stored.ToArray(), jpeg);
        }
        DeliveryApiFactory.ChecksumsMatch(zip);

        var manifestBytes = DeliveryApiFactory.Read(zip, "manifest.csv");
        var headerLine = System.Text.Encoding.UTF8.GetString(manifestBytes, 3, manifestBytes.Length - 3).Split("\r\n")[0];
        Assert.Equal("院校代码,院校名称,批次特征码,采集方式,学号,姓名,院系,专业,班级,拍摄号,采集时间,审核状态,驳回次数,最近驳回原因,报送状态,文件名,文件名来源,宽,高,字节数,SHA-256", headerLine);
        var manifest = DeliveryApiFactory.Csv(manifestBytes);
        var row = manifest.Single(r => r["学号"] == "20238001");
        Assert.Equal((schoolCode, batch.GetProperty("featureCode").GetString(), "丙*", "计算机学院", "软工1班", "审核通过", "未报送", "学号"),
            (row["院校代码"], row["批次特征码"], row["姓名"], row["院系"], row["班级"], row["审核状态"], row["报送状态"], row["文件名来源"]));
        Assert.Equal(("480", "640", jpeg.Length.ToString(), Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(jpeg))),
            (row["宽"], row["高"], row["字节数"], row["SHA-256"]));
        using (var xlsx = new MemoryStream(DeliveryApiFactory.Read(zip, "manifest.xlsx")))
        {
            var sheet = xlsx.Query(useHeaderRow: true).Cast<IDictionary<string, object>>().ToList();
            Assert.Equal(2, sheet.Count);
            Assert.All(sheet, r => Assert.IsType<string>(r["学号"])); // text, so leading zeros and long numbers survive
        }
        var notCollected = DeliveryApiFactory.Csv(DeliveryApiFactory.Read(zip, "not_collected.csv"));
        Assert.Equal("20238003", Assert.Single(notCollected)["学号"]);
        var readme = System.Text.Encoding.UTF8.GetString(DeliveryApiFactory.Read(zip, "README.txt"));
        Assert.Contains("照片：2 张", readme);
        Assert.Contains("UTC+8", readme);
        Assert.Equal(1, await api.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "package.downloaded" && e.EntityId == packageId)));

        // One class only, without folders.
        var classOnly = (await (await school.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/exports", new { className = "软工2班" })).Content
            .ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await DeliveryApiFactory.ReadyAsync(school, classOnly);
        var (classZip, _) = await DeliveryApiFactory.DownloadAsync(school, classOnly);
        Assert.Equal(["photos/20238002.jpg"], classZip.Entries.Select(e => e.FullName).Where(n => n.StartsWith("photos/")).ToArray());
        Assert.Equal("20238003", Assert.Single(DeliveryApiFactory.Csv(DeliveryApiFactory.Read(classZip, "not_collected.csv")))["学号"]);
    }

    [Fact]
    public async Task A_worker_killed_during_an_export_leaves_no_package_offered_and_the_next_attempt_builds_a_clean_one()
    {
        var (batch, batchId, schoolCode) = await api.SchoolBatchAsync();
        var school = await SchoolStaffAsync(schoolCode);
        var model = await api.ApprovedAsync(await api.StudentAsync(batch, "20237000"));
        var store = api.Services.GetRequiredService<IObjectStore>();
        using var derivative = new MemoryStream();
        await store.GetAsync((await api.PhotoAsync(model)).NormalisedKey!, derivative, CancellationToken.None);
        const int count = 3000;
        await ApprovedPhotos.SeedAsync(api.Services, batchId, Enumerable.Range(1, count)
            .Select(i => new ApprovedPhotos.Student($"2023{i:D5}", "计算机学院", $"软工{i % 5}班")).ToList(), derivative.ToArray());

        var packageId = (await (await school.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/exports", new { })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetGuid();
        var running = await PhotoApiFactory.EventuallyValue(() => api.WithDbAsync(db => db.PackageJobs.AsNoTracking().SingleAsync(p => p.Id == packageId)),
            p => p.Status != BulkJobStatus.Queued, "the build started");
        api.Worker.Kill();
        var killed = await api.WithDbAsync(db => db.PackageJobs.AsNoTracking().SingleAsync(p => p.Id == packageId));
        Assert.True(killed.Status == BulkJobStatus.Running, $"The build ended before the worker was killed ({killed.Status}, {killed.Done}/{killed.Total}).");
        var firstKey = running.UploadKey ?? killed.UploadKey!;

        // Nothing is offered while no attempt completed.
        Assert.False((await school.GetFromJsonAsync<JsonElement>($"/api/v1/staff/packages/{packageId}")).GetProperty("ready").GetBoolean());
        await (await school.PostAsync($"/api/v1/staff/packages/{packageId}/download", null)).AssertProblemAsync(HttpStatusCode.Conflict, "package.not_ready");
        Assert.Null(await store.StatAsync(firstKey, CancellationToken.None));

        await api.RestartWorkerAsync();
        JsonElement view;
        try { view = await DeliveryApiFactory.ReadyAsync(school, packageId, seconds: 120); }
        catch (Exception e) { throw new Xunit.Sdk.XunitException($"{e.Message}\nThe worker:\n{api.Worker.Output}"); }
        Assert.Equal((count + 1, count + 1), (view.GetProperty("total").GetInt32(), view.GetProperty("done").GetInt32()));
        Assert.True(view.GetProperty("attempts").GetInt32() >= 2);
        var done = await api.WithDbAsync(db => db.PackageJobs.AsNoTracking().SingleAsync(p => p.Id == packageId));
        Assert.NotEqual(firstKey, done.ObjectKey);
        Assert.Null(await store.StatAsync(firstKey, CancellationToken.None));

        var (zip, _) = await DeliveryApiFactory.DownloadAsync(school, packageId);
        Assert.Equal(count + 1, zip.Entries.Count(e => e.FullName.StartsWith("photos/", StringComparison.Ordinal)));
        Assert.Equal(count + 1, DeliveryApiFactory.Csv(DeliveryApiFactory.Read(zip, "manifest.csv")).Count);
        DeliveryApiFactory.ChecksumsMatch(zip);
        Assert.Equal(done.Size, (await store.StatAsync(done.ObjectKey!, CancellationToken.None))!.Size);
        using var one = Cv2.ImDecode(DeliveryApiFactory.Read(zip, "photos/202300001.jpg"), ImreadModes.Color);
        Assert.Equal(480, one.Width);
    }
}
