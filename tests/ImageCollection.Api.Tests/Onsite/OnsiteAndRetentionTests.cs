using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ImageCollection.Api.Tests.Onsite;

public sealed class OnsiteAndRetentionTests(PhotoApiFactory api) : IClassFixture<PhotoApiFactory>
{
    [Fact]
    public async Task A_photographer_scans_a_code_gets_increasing_shot_numbers_and_captures_the_photo()
    {
        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        var batch = await Seed.BatchAsync(support, (await Seed.SchoolAsync(support)).GetProperty("id").GetGuid(), type: "onsite");
        var batchId = batch.GetProperty("id").GetGuid();
        var session = await (await support.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/sessions", new
        {
            location = "体育馆", startsAt = DateTimeOffset.Now.AddHours(-1), endsAt = DateTimeOffset.Now.AddHours(3), stations = 2, groups = new[] { "数学2101" },
        })).Content.ReadFromJsonAsync<JsonElement>();
        var sessionId = session.GetProperty("id").GetGuid();

        var students = new List<(PaymentsApiFactory.Enrolled S, string Code)>();
        for (var i = 0; i < 3; i++)
        {
            var (studentId, token) = await api.LoginStudentAsync("onsite" + Guid.NewGuid().ToString("N")[..8]);
            var client = api.CreateClient(token);
            var code = "CHSICODE" + Guid.NewGuid().ToString("N");
            var enrolled = await (await client.PostAsJsonAsync($"/api/v1/batches/{batch.GetProperty("featureCode").GetString()}/enrollments", new
            {
                acceptAgreement = true, agreementVersion = "2026-09", method = "collection_code", collectionCode = code, idLast4 = "1234", name = "王五",
            })).Content.ReadFromJsonAsync<JsonElement>();
            var s = new PaymentsApiFactory.Enrolled(client, studentId, enrolled.GetProperty("id").GetGuid(), batch);
            if (i < 2)
            {
                var order = await PaymentsApiFactory.OrderAsync(client, s.EnrollmentId);
                await api.PayAsync(order.GetProperty("outTradeNo").GetString()!);
                await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db => db.Orders.AnyAsync(o => o.EnrollmentId == s.EnrollmentId
                    && o.Status == OrderStatus.Paid)), "paid");
            }
            students.Add((s, code));
        }
        var photographer = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Photographer])).Token);
        async Task<HttpResponseMessage> Scan(string code, int station) =>
            await photographer.PostAsJsonAsync("/api/v1/staff/onsite/scan", new { sessionId, station, collectionCode = code });

        var first = await (await Scan(students[0].Code, 1)).Content.ReadFromJsonAsync<JsonElement>();
        var second = await (await Scan(students[1].Code, 1)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 2), (first.GetProperty("shotNumber").GetInt32(), second.GetProperty("shotNumber").GetInt32()));
        Assert.Equal("王*", first.GetProperty("maskedName").GetString());
        await (await Scan(students[2].Code, 1)).AssertProblemAsync(HttpStatusCode.Conflict, "onsite.unpaid");
        // Not enrolled: a walk-up student, enrolled once they confirm at the station (CollectionDayTests).
        await (await Scan("UNKNOWNCODE" + Guid.NewGuid().ToString("N"), 2)).AssertProblemAsync(HttpStatusCode.Conflict, "onsite.consent_required");

        var content = new ByteArrayContent(api.GoodPhoto());
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        var captured = await photographer.PostAsync($"/api/v1/staff/onsite/shots/{first.GetProperty("shotId").GetGuid()}/photo", content);
        Assert.Equal(HttpStatusCode.Created, captured.StatusCode);
        var photo = await api.SettledAsync((await captured.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal((PhotoSource.Onsite, PhotoStatus.PendingReview, 1), (photo.Source, photo.Status, photo.Shot!.ShotNumber));
        // Scanned again before review: the same shot (a retake replaces the photo), not a second number.
        var rescan = await (await Scan(students[0].Code, 2)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((1, 1), (rescan.GetProperty("shotNumber").GetInt32(), rescan.GetProperty("station").GetInt32()));
        Assert.Equal("pending_review", rescan.GetProperty("photo").GetProperty("status").GetString());
        // A captured photo keeps the student in the batch: no refund, no withdrawal.
        await (await students[0].S.Student.PostAsJsonAsync($"/api/v1/enrollments/{students[0].S.EnrollmentId}/refund", new { }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "refund.photo_exists");
        var stats = await api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token)
            .GetFromJsonAsync<JsonElement>($"/api/v1/staff/batches/{batchId}/photo-stats");
        Assert.Equal(1, stats.GetProperty("byStatus").GetProperty("pending_review").GetInt32());
    }

    [Fact]
    public async Task Retention_deletes_the_objects_of_unusable_photos_and_keeps_an_anonymised_row()
    {
        var s = await api.PaidAsync();
        var id = (await (await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId,
            api.GoodPhoto())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var photo = await api.SettledAsync(id);
        Assert.Equal(HttpStatusCode.OK, (await s.Student.PostAsync($"/api/v1/photos/{id}/withdraw", null)).StatusCode);
        var store = api.Services.GetRequiredService<IObjectStore>();
        Assert.NotNull(await store.StatAsync(photo.OriginalKey, CancellationToken.None));
        Assert.NotNull(await store.StatAsync(photo.NormalisedKey!, CancellationToken.None));

        var admin = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Admin])).Token);
        Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync("/api/v1/staff/system/retention-runs", null)).StatusCode);
        var erased = await PhotoApiFactory.EventuallyValue(() => api.PhotoAsync(id), p => p.ErasedAt is not null, "erased");

        Assert.Null(await store.StatAsync(photo.OriginalKey, CancellationToken.None));
        Assert.Null(await store.StatAsync(photo.NormalisedKey!, CancellationToken.None));
        Assert.Equal((PhotoStatus.Withdrawn, "", (string?)null), (erased.Status, erased.OriginalKey, erased.NormalisedKey));
    }

    [Fact]
    public async Task Approving_the_photo_of_a_refunded_enrollment_is_refused()
    {
        var s = await api.PaidAsync();
        var id = (await (await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId,
            api.GoodPhoto())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await api.SettledAsync(id);
        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        var order = await api.WithDbAsync(db => db.Orders.SingleAsync(o => o.EnrollmentId == s.EnrollmentId));
        Assert.Equal(HttpStatusCode.Accepted, (await support.PostAsJsonAsync($"/api/v1/staff/orders/{order.Id}/refunds", new { amountFen = 1500,
            reason = "学校要求" })).StatusCode);
        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db => db.Enrollments.AnyAsync(e => e.Id == s.EnrollmentId
            && e.Status == EnrollmentStatus.Refunded)), "refunded");

        var reviewer = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Reviewer])).Token);
        Assert.True((await reviewer.PostAsync($"/api/v1/staff/reviews/{id}/claim", null)).IsSuccessStatusCode);
        await (await reviewer.PostAsync($"/api/v1/staff/reviews/{id}/approve", null)).AssertProblemAsync(HttpStatusCode.Conflict, "photo.enrollment_refunded");
    }
}
