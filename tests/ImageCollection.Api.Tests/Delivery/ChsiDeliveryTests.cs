using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Delivery;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenCvSharp;

namespace ImageCollection.Api.Tests.Delivery;

/// <summary>CHSI delivery on the real stack: packages the worker builds, marking and result lists, comparison failures, retention.</summary>
public sealed class ChsiDeliveryTests(DeliveryApiFactory api) : IClassFixture<DeliveryApiFactory>
{
    [Fact]
    public async Task A_chsi_package_holds_each_approved_photo_by_its_chsi_id_with_a_manifest_and_checksums()
    {
        var (batch, batchId, schoolCode) = await api.SchoolBatchAsync();
        var chsiId = "2027" + Random.Shared.Next(10000000, 99999999);
        var withId = DeliveryApiFactory.CollectionCode(schoolCode, chsiId);
        var withoutId = DeliveryApiFactory.CollectionCode(schoolCode, null);
        var a = await api.StudentAsync(batch, "20230001", withId);
        var b = await api.StudentAsync(batch, "20230002", withoutId);
        var photoA = await api.ApprovedAsync(a);
        var photoB = await api.ApprovedAsync(b);
        var inReview = await api.InReviewAsync(await api.StudentAsync(batch, "20230003", DeliveryApiFactory.CollectionCode(schoolCode, null)));

        var package = await api.ChsiPackageAsync(batchId);
        var packageId = package.GetProperty("id").GetGuid();
        Assert.Equal((2, 2, 100), (package.GetProperty("total").GetInt32(), package.GetProperty("done").GetInt32(), package.GetProperty("percent").GetInt32()));
        var (zip, link) = await DeliveryApiFactory.DownloadAsync(api.Support, packageId);

        var hashed = ChsiIds.For(b.EnrollmentId, (await api.WithDbAsync(db => db.Enrollments.SingleAsync(e => e.Id == b.EnrollmentId))).Identity).Id;
        Assert.StartsWith("K", hashed);
        Assert.Equal(new[] { $"{chsiId}.jpg", $"{hashed}.jpg", "SHA256SUMS", "manifest.csv" }.Order(StringComparer.Ordinal),
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        foreach (var name in new[] { $"{chsiId}.jpg", $"{hashed}.jpg" })
        {
            var jpeg = DeliveryApiFactory.Read(zip, name);
            Assert.True(jpeg.Length <= 40 * 1024, $"{name}: {jpeg.Length} bytes");
            Assert.Equal([0xFF, 0xD8], jpeg[..2]);
            using var image = Cv2.ImDecode(jpeg, ImreadModes.Color);
            Assert.Equal((480, 640), (image.Width, image.Height));
        }
        DeliveryApiFactory.ChecksumsMatch(zip);
        var manifest = DeliveryApiFactory.Csv(DeliveryApiFactory.Read(zip, "manifest.csv"));
        Assert.Equal(2, manifest.Count);
        var rowA = manifest.Single(r => r["文件名"] == $"{chsiId}.jpg");
        var rowB = manifest.Single(r => r["文件名"] == $"{hashed}.jpg");
        Assert.Equal((withId, "学信网考生号"), (rowA["采集码"], rowA["标识来源"]));
        Assert.Equal((withoutId, "采集码哈希（需核对）"), (rowB["采集码"], rowB["标识来源"]));
        Assert.Equal(batch.GetProperty("featureCode").GetString(), rowA["批次"]);
        Assert.Equal("在线上传", rowA["采集方式"]);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(DeliveryApiFactory.Read(zip, $"{chsiId}.jpg"))), rowA["SHA-256"]);
        Assert.Matches(@"^chsi-.*\.zip$", link.GetProperty("fileName").GetString());
        Assert.Equal(1, await api.WithDbAsync(db => db.AuditEntries.CountAsync(e => e.Action == "package.downloaded" && e.EntityId == packageId)));

        // Queued photos are in that package: nothing waits for another one; the photo in review was left out.
        Assert.All(await api.WithDbAsync(db => db.Photos.Where(p => p.Id == photoA || p.Id == photoB).ToListAsync()),
            p => Assert.Equal((DeliveryStatus.Queued, packageId), (p.Delivery!.Value, p.DeliveryPackageId!.Value)));
        Assert.Null((await api.PhotoAsync(inReview)).Delivery);
        await (await api.Support.PostAsync($"/api/v1/staff/batches/{batchId}/chsi-packages", null))
            .AssertProblemAsync(HttpStatusCode.Conflict, "delivery.nothing_to_deliver");

        // Staff uploaded it through the agency's client: delivered, locked, the enrollment done.
        var marked = await (await api.Support.PostAsync($"/api/v1/staff/packages/{packageId}/delivered", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((2, 2), (marked.GetProperty("delivered").GetInt32(), marked.GetProperty("enrollmentsCompleted").GetInt32()));
        var delivered = await api.PhotoAsync(photoA);
        Assert.Equal((DeliveryStatus.Delivered, packageId, "staff"), (delivered.Delivery!.Value, delivered.DeliveryPackageId!.Value,
            delivered.DeliveryAcknowledgement));
        Assert.Equal(EnrollmentStatus.Completed, (await api.WithDbAsync(db => db.Enrollments.SingleAsync(e => e.Id == a.EnrollmentId))).Status);
        Assert.Contains(await api.WithDbAsync(db => db.StatusChanges.Where(c => c.EntityId == photoA).Select(c
            => c.EntityType + ":" + c.ToStatus).ToListAsync()), t => t == "PhotoDelivery:delivered");
        await (await api.Support.PostAsJsonAsync($"/api/v1/staff/photos/{photoA}/override", new { reasons = new[] { "review.other" }, note = "复核" }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "photo.delivered");

        // The student sees the journey, downloads their photo, and gets the 校对 reminder (due at once here).
        await PaymentsApiFactory.Eventually(async () => (await api.PhotoAsync(photoA)).ProofReminderSentAt is not null, "the 校对 reminder");
        // Waiting in the outbox, or already sent to WeChat by the sender (which empties the outbox): its texts either way.
        var openIdA = await api.WithDbAsync(db => db.Students.Where(x => x.Id == a.StudentId).Select(x => x.OpenId).SingleAsync());
        var reminder = "";
        await PaymentsApiFactory.Eventually(async () =>
        {
            var queued = (await api.WithDbAsync(db => db.StudentMessages.Where(m => m.Page == $"pages/photo/detail?id={photoA}"
                && m.Template == MessageTemplate.ReviewResult).ToListAsync())).Select(m => string.Join(" ", m.ValueMap.Values));
            var sent = (await api.Emulator.GetFromJsonAsync<JsonElement[]>("/control/messages"))!.Select(m => m.GetProperty("message"))
                .Where(m => m.GetProperty("touser").GetString() == openIdA)
                .Select(m => string.Join(" ", m.GetProperty("data").EnumerateObject().Select(f => f.Value.GetProperty("value").GetString())));
            // Read from both between the sender's send and its delete, the one reminder shows in both: one in each at most.
            var found = new[] { queued, sent }.Select(texts => texts.Where(t => t.Contains("校对")).ToList()).ToList();
            Assert.All(found, texts => Assert.True(texts.Count <= 1, "one 校对 reminder at most: " + string.Join(" | ", texts)));
            reminder = found.SelectMany(texts => texts).FirstOrDefault() ?? "";
            return reminder != "";
        }, "the 校对 reminder queued or sent");
        Assert.Contains(batch.GetProperty("featureCode").GetString()!, reminder);
        var journey = await a.Student.GetFromJsonAsync<JsonElement>($"/api/v1/enrollments/{a.EnrollmentId}/journey");
        Assert.Equal(["enrolled", "paid", "submitted", "checked", "approved", "sent_to_chsi", "delivered", "proof_reminder"],
            journey.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("step").GetString()!).ToArray());
        var mine = await a.Student.GetFromJsonAsync<JsonElement>($"/api/v1/photos/{photoA}/download");
        using var http = new HttpClient();
        Assert.Equal(DeliveryApiFactory.Read(zip, $"{chsiId}.jpg"), await http.GetByteArrayAsync(mine.GetProperty("url").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await b.Student.GetAsync($"/api/v1/photos/{photoA}/download")).StatusCode);
    }

    [Fact]
    public async Task A_result_list_marks_photos_delivered_or_failed_and_a_comparison_failure_reopens_the_enrollment_for_a_free_photo()
    {
        var (batch, batchId, schoolCode) = await api.SchoolBatchAsync();
        var ids = Enumerable.Range(0, 3).Select(_ => "2027" + Random.Shared.Next(10000000, 99999999)).ToArray();
        var students = new List<PaymentsApiFactory.Enrolled>();
        var photos = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            students.Add(await api.StudentAsync(batch, $"2023010{i}", DeliveryApiFactory.CollectionCode(schoolCode, ids[i])));
            photos.Add(await api.ApprovedAsync(students[i]));
        }
        var packageId = (await api.ChsiPackageAsync(batchId)).GetProperty("id").GetGuid();

        // A list naming a photo CHSI never got, or an unknown result, changes nothing: all rows or none.
        var bad = await (await api.Support.PostAsync($"/api/v1/staff/batches/{batchId}/chsi-results", DeliveryApiFactory.CsvContent(
                $"考生号,结果,原因\r\n{ids[0]},成功,\r\nX123,成功,\r\n{ids[1]},不知道,\r\n")))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "chsi_results.invalid");
        Assert.Equal([3, 4], bad.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("row").GetInt32()).ToArray());
        Assert.All(await api.WithDbAsync(db => db.Photos.Where(p => photos.Contains(p.Id)).ToListAsync()), p => Assert.Equal(DeliveryStatus.Queued,
            p.Delivery));

        var summary = await (await api.Support.PostAsync($"/api/v1/staff/batches/{batchId}/chsi-results", DeliveryApiFactory.CsvContent(
            $"考生号,结果,原因\r\n{ids[0]},成功,\r\n{ids[1]},失败,照片模糊\r\n{ids[2]},已接收,\r\n"))).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((3, 2, 1), (summary.GetProperty("rows").GetInt32(), summary.GetProperty("delivered").GetInt32(),
            summary.GetProperty("failed").GetInt32()));
        var failed = await api.PhotoAsync(photos[1]);
        var history = await api.WithDbAsync(db => db.StatusChanges.Where(c => c.EntityId == photos[1]).OrderBy(c => c.At)
            .Select(c => c.EntityType + ":" + c.FromStatus + ">" + c.ToStatus + ":" + c.Reason).ToListAsync());
        Assert.True(failed.Delivery == DeliveryStatus.Failed, summary + "\n" + string.Join("\n", history));
        Assert.Equal((DeliveryStatus.Failed, "照片模糊", PhotoStatus.Approved), (failed.Delivery!.Value, failed.DeliveryFailure, failed.Status));
        Assert.Equal((DeliveryStatus.Delivered, "result_list"), ((await api.PhotoAsync(photos[0])).Delivery!.Value,
            (await api.PhotoAsync(photos[0])).DeliveryAcknowledgement));
        Assert.Equal(EnrollmentStatus.Active, (await api.WithDbAsync(db => db.Enrollments.SingleAsync(e => e.Id == students[1].EnrollmentId))).Status);

        // The failed photo goes into the next package, and only it.
        var next = await api.ChsiPackageAsync(batchId);
        Assert.Equal(1, next.GetProperty("total").GetInt32());
        Assert.Equal(next.GetProperty("id").GetGuid(), (await api.PhotoAsync(photos[1])).DeliveryPackageId);
        Assert.NotEqual(packageId, next.GetProperty("id").GetGuid());

        // 校对 results, and CHSI's identity comparison failing for the third student, after the batch closed.
        Assert.Equal(HttpStatusCode.OK, (await api.Support.PostAsync($"/api/v1/staff/batches/{batchId}/close", null)).StatusCode);
        var imported = await api.Support.PostAsync($"/api/v1/staff/batches/{batchId}/chsi-results", DeliveryApiFactory.CsvContent(
            $"studentId,result,reason\r\n{ids[0]},校对正确,\r\n{ids[2]},比对不通过,人像比对不一致\r\n"));
        Assert.True(imported.IsSuccessStatusCode, await imported.Content.ReadAsStringAsync());
        var feedback = await imported.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (feedback.GetProperty("proofCorrect").GetInt32(), feedback.GetProperty("comparisonFailed").GetInt32()));
        Assert.Equal(ProofResult.Correct, (await api.PhotoAsync(photos[0])).ProofResult);
        var compared = await api.PhotoAsync(photos[2]);
        Assert.Equal(PhotoStatus.Rejected, compared.Status);
        Assert.Contains("chsi.comparison_failed", compared.RejectReasons);
        var reopened = await api.WithDbAsync(db => db.Enrollments.SingleAsync(e => e.Id == students[2].EnrollmentId));
        Assert.Equal(EnrollmentStatus.Active, reopened.Status);
        Assert.NotNull(reopened.FreePhotoSince);
        // Queued, or already sent by the sender (which empties the outbox): found in one of the two, once.
        await PaymentsApiFactory.Eventually(async () =>
        {
            var (queued, sent) = await api.MessagesToAsync($"pages/photo/detail?id={photos[2]}");
            Assert.True(queued.Count(t => t.Contains("比对未通过")) <= 1 && sent.Count(t => t.Contains("比对未通过")) <= 1, "one message at most");
            return queued.Concat(sent).Any(t => t.Contains("比对未通过"));
        }, "the comparison-failure message");

        // One new photo without paying, though the batch has closed; not a second one.
        var third = students[2];
        var again = await api.InReviewAsync(third);
        Assert.Equal(1, await api.WithDbAsync(db => db.Orders.CountAsync(o => o.EnrollmentId == third.EnrollmentId)));
        Assert.Equal(HttpStatusCode.OK, (await third.Student.PostAsync($"/api/v1/photos/{again}/withdraw", null)).StatusCode);
        await (await PhotoApiFactory.UploadAsync(third.Student, third.EnrollmentId, api.GoodPhoto()))
            .AssertProblemAsync(HttpStatusCode.Conflict, "photo.collection_closed");
    }

    [Fact]
    public async Task Retention_removes_an_approved_original_only_after_its_delivery()
    {
        var (batch, batchId, schoolCode) = await api.SchoolBatchAsync();
        var delivered = await api.ApprovedAsync(await api.StudentAsync(batch, "20230201", DeliveryApiFactory.CollectionCode(schoolCode, null)));
        var package = (await api.ChsiPackageAsync(batchId)).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await api.Support.PostAsync($"/api/v1/staff/packages/{package}/delivered", null)).StatusCode);
        var kept = await api.ApprovedAsync(await api.StudentAsync(batch, "20230202", DeliveryApiFactory.CollectionCode(schoolCode, null)));
        var store = api.Services.GetRequiredService<IObjectStore>();
        var deliveredOriginal = (await api.PhotoAsync(delivered)).OriginalKey;
        var keptOriginal = (await api.PhotoAsync(kept)).OriginalKey;

        var admin = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Admin])).Token);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/v1/staff/system/retention-runs", null)).StatusCode);
        var erased = await PhotoApiFactory.EventuallyValue(() => api.PhotoAsync(delivered), p => p.OriginalKey == "", "the delivered original removed");

        Assert.Null(await store.StatAsync(deliveredOriginal, CancellationToken.None));
        Assert.NotNull(await store.StatAsync(erased.NormalisedKey!, CancellationToken.None)); // what CHSI received stays
        var undelivered = await api.PhotoAsync(kept);
        Assert.Equal((PhotoStatus.Approved, keptOriginal), (undelivered.Status, undelivered.OriginalKey));
        Assert.NotNull(await store.StatAsync(keptOriginal, CancellationToken.None));
    }
}
