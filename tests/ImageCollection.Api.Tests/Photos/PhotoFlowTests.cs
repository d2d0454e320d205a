using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Photos;

/// <summary>Uploads through the API, checks in the worker process, review by staff, messages through the emulator.</summary>
public sealed class PhotoFlowTests(PhotoApiFactory api) : IClassFixture<PhotoApiFactory>
{
    private async Task<HttpClient> Reviewer() => api.CreateClient((await api.LoginStaffAsync([StaffRoles.Reviewer])).Token);

    [Fact]
    public async Task Upload_check_review_approve_locks_the_photo_and_tells_the_student()
    {
        var s = await api.PaidAsync();
        var uploaded = await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto());
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        var photoId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var checkedPhoto = await api.SettledAsync(photoId);
        Assert.True(checkedPhoto.Status == PhotoStatus.PendingReview, checkedPhoto.CheckReport);
        Assert.Equal(CheckOutcome.Passed, checkedPhoto.CheckVerdict);
        Assert.NotNull(checkedPhoto.NormalisedKey);

        var mine = await s.Student.GetFromJsonAsync<JsonElement>($"/api/v1/photos/{photoId}");
        Assert.Equal("pending_review", mine.GetProperty("photo").GetProperty("status").GetString());
        using var http = new HttpClient();
        var image = await http.GetByteArrayAsync(mine.GetProperty("normalisedUrl").GetString());
        Assert.InRange(image.Length, 1, 40 * 1024);
        Assert.Contains(mine.GetProperty("checks").EnumerateArray(), c => c.GetProperty("code").GetString() == "geometry.eye_line");

        var (reviewerId, token) = await api.LoginStaffAsync([StaffRoles.Reviewer]);
        var reviewer = api.CreateClient(token);
        var queue = await reviewer.GetFromJsonAsync<JsonElement[]>($"/api/v1/staff/reviews/queue?batchId={s.Batch.GetProperty("id").GetGuid()}");
        Assert.Contains(queue!, q => q.GetProperty("photoId").GetGuid() == photoId);
        var claim = await reviewer.PostAsync($"/api/v1/staff/reviews/{photoId}/claim", null);
        var claimed = await claim.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(claim.IsSuccessStatusCode, claimed.ToString());
        Assert.Contains("*", claimed.GetProperty("enrollment").GetProperty("enrollment").GetProperty("identity").GetProperty("idNumber").GetString());
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsync($"/api/v1/staff/reviews/{photoId}/approve", null)).StatusCode);

        // Approved is not yet complete: the enrollment completes when the photo reaches CHSI (DeliveryTests).
        Assert.Equal(EnrollmentStatus.Active,
            await api.WithDbAsync(db => db.Enrollments.Where(e => e.Id == s.EnrollmentId).Select(e => e.Status).SingleAsync()));
        await (await s.Student.PostAsync($"/api/v1/photos/{photoId}/withdraw", null)).AssertProblemAsync(HttpStatusCode.Conflict, "photo.locked");
        await (await s.Student.PostAsJsonAsync($"/api/v1/enrollments/{s.EnrollmentId}/refund", new { })).AssertProblemAsync(HttpStatusCode.Conflict,
            "refund.photo_exists");
        await (await reviewer.PostAsJsonAsync($"/api/v1/staff/reviews/{photoId}/reject", new { reasons = new[] { "review.other" } }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "photo.not_pending_review");
        Assert.True(await api.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.EntityId == photoId && a.Action == "photo.viewed" && a.ActorId == reviewerId)));
        // Other tests of this class send review results too: look for this student's.
        var openId = await api.WithDbAsync(db => db.Students.Where(x => x.Id == s.StudentId).Select(x => x.OpenId).SingleAsync());
        async Task<List<string>> Mine() => (await api.Emulator.GetFromJsonAsync<JsonElement[]>("/control/messages"))!
            .Select(m => m.GetProperty("message"))
            .Where(m => m.GetProperty("touser").GetString() == openId && m.GetProperty("template_id").GetString() == "TPL-REVIEW-RESULT")
            .Select(m => m.GetRawText()).ToList();
        await PaymentsApiFactory.Eventually(async () => (await Mine()).Count > 0, "review message");
        Assert.Contains("审核通过", JsonSerializer.Deserialize<JsonElement>(Assert.Single(await Mine())).GetProperty("data").ToString());
    }

    [Fact]
    public async Task An_automatic_rejection_gives_reasons_and_the_same_image_cannot_come_back()
    {
        var s = await api.PaidAsync();
        var uploaded = await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GrayPhoto());
        var photoId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var photo = await api.SettledAsync(photoId);
        Assert.Equal(PhotoStatus.CheckFailed, photo.Status);
        Assert.Contains("colour.grayscale", photo.RejectReasons);

        var view = await s.Student.GetFromJsonAsync<JsonElement>($"/api/v1/photos/{photoId}");
        var reason = view.GetProperty("photo").GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("code").GetString() == "colour.grayscale");
        Assert.Contains("须为彩色照片", reason.GetProperty("message").GetString());
        await (await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GrayPhoto())).AssertProblemAsync(HttpStatusCode.Conflict,
            "photo.resubmitted_rejected");
        Assert.Equal(1, await api.WithDbAsync(db => db.Photos.CountAsync(p => p.EnrollmentId == s.EnrollmentId)));
    }

    [Fact]
    public async Task Reject_then_resubmit_within_the_window_until_the_limit()
    {
        var s = await api.PaidAsync(); // the batch allows 3 submissions
        var reviewer = await Reviewer();
        var fixtures = new[] { "matplotlib_grace_hopper.jpg", "facedetect_grace_hopper_512x512.jpg", "skimage_astronaut_eileen_collins.png" };
        foreach (var fixture in fixtures)
        {
            var uploaded = await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto(fixture));
            Assert.True(uploaded.StatusCode == HttpStatusCode.Created, await uploaded.Content.ReadAsStringAsync());
            var id = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            Assert.Equal(PhotoStatus.PendingReview, (await api.SettledAsync(id)).Status);
            Assert.True((await reviewer.PostAsync($"/api/v1/staff/reviews/{id}/claim", null)).IsSuccessStatusCode);
            var rejected = await reviewer.PostAsJsonAsync($"/api/v1/staff/reviews/{id}/reject", new { reasons = new[] { "review.glasses" }, note = "请摘掉眼镜" });
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
        }
        await (await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GrayPhoto())).AssertProblemAsync(HttpStatusCode.Conflict,
            "photo.limit_reached");
        var history = await s.Student.GetFromJsonAsync<JsonElement[]>($"/api/v1/enrollments/{s.EnrollmentId}/photos");
        Assert.Equal([1, 2, 3], history!.Select(h => h.GetProperty("submissionNumber").GetInt32()));
        Assert.All(history!, h => Assert.Equal("review.glasses", h.GetProperty("reasons")[0].GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Two_uploads_at_once_for_one_enrollment_make_one_photo()
    {
        var s = await api.PaidAsync();
        var answers = await Task.WhenAll(PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto()),
            PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto()));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        await answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).AssertProblemAsync(HttpStatusCode.Conflict, "photo.in_progress");
        Assert.Equal(1, await api.WithDbAsync(db => db.Photos.CountAsync(p => p.EnrollmentId == s.EnrollmentId)));
    }

    [Fact]
    public async Task Two_reviewers_claiming_one_photo_at_once_get_one_claim()
    {
        var s = await api.PaidAsync();
        var id = (await (await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId,
            api.GoodPhoto())).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await api.SettledAsync(id);
        var (a, b) = (await Reviewer(), await Reviewer());
        var claims = await Task.WhenAll(a.PostAsync($"/api/v1/staff/reviews/{id}/claim", null), b.PostAsync($"/api/v1/staff/reviews/{id}/claim", null));
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], claims.Select(c => c.StatusCode).Order());
        var loser = claims[0].StatusCode == HttpStatusCode.OK ? b : a;
        await (await loser.PostAsync($"/api/v1/staff/reviews/{id}/approve", null)).AssertProblemAsync(HttpStatusCode.Conflict, "photo.not_claimed");
    }

    [Fact]
    public async Task Uploads_are_refused_before_payment_and_for_bad_files()
    {
        var unpaid = await api.EnrolledAsync();
        await (await PhotoApiFactory.UploadAsync(unpaid.Student, unpaid.EnrollmentId, api.GoodPhoto())).AssertProblemAsync(HttpStatusCode.Conflict,
            "photo.not_paid");
        var s = await api.PaidAsync();
        await (await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId,
            "%PDF-1.7 not a photo"u8.ToArray())).AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "photo.not_an_image");
        var huge = new byte[11 * 1024 * 1024];
        api.GoodPhoto().CopyTo(huge, 0);
        using var tooLarge = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/enrollments/{s.EnrollmentId}/photos") { Content = new ByteArrayContent(huge) };
        tooLarge.Content.Headers.ContentType = new("image/jpeg");
        tooLarge.Headers.ExpectContinue = true; // the 413 comes before the body is sent, as a phone's upload would see it
        await (await s.Student.SendAsync(tooLarge)).AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "photo.too_large");
        Assert.Equal(0, await api.WithDbAsync(db => db.Photos.CountAsync(p => p.EnrollmentId == s.EnrollmentId)));

        using var form = new MultipartFormDataContent { { new ByteArrayContent(api.GoodPhoto()), "photo", "photo.jpg" } };
        Assert.Equal(HttpStatusCode.Created, (await s.Student.PostAsync($"/api/v1/enrollments/{s.EnrollmentId}/photos", form)).StatusCode);
    }
}
