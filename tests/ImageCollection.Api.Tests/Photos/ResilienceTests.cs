using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Photos;

/// <summary>A fixture with its own S3 server, so a test can take storage down.</summary>
public sealed class OwnStoragePhotoApiFactory : PhotoApiFactory
{
    protected override bool OwnS3Server => true;
}

/// <summary>Nothing is lost: storage down refuses cleanly; a worker killed mid-check leaves photos that are checked anyway.</summary>
public sealed class ResilienceTests(OwnStoragePhotoApiFactory api) : IClassFixture<OwnStoragePhotoApiFactory>
{
    [Fact]
    public async Task With_storage_down_an_upload_is_a_503_and_no_row_exists()
    {
        var s = await api.PaidAsync();
        await api.S3.StopAsync();
        try
        {
            var response = await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto());
            await response.AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "storage.unavailable");
            Assert.Equal(0, await api.WithDbAsync(db => db.Photos.CountAsync(p => p.EnrollmentId == s.EnrollmentId)));
        }
        finally
        {
            await api.S3.RunAsync();
        }
        Assert.Equal(HttpStatusCode.Created, (await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto())).StatusCode);
    }

    [Fact]
    public async Task A_worker_killed_while_checking_leaves_every_photo_checked_once_by_the_next()
    {
        // The photos wait in the queue while no worker runs, so the checks all start after the worker does: checked while
        // the uploads were still arriving, they could all be done before the first look for one in progress (CI saw that).
        api.Worker.Kill();
        var students = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => api.PaidAsync()));
        var uploads = await Task.WhenAll(students.Select(s => PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto())));
        Assert.All(uploads, u => Assert.Equal(HttpStatusCode.Created, u.StatusCode));
        var ids = new List<Guid>();
        foreach (var u in uploads) ids.Add((await u.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());

        // Kill the worker as soon as it is in the middle of checking: looked for every few milliseconds.
        await api.RestartWorkerAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await api.WithDbAsync(db => db.Photos.AnyAsync(p => ids.Contains(p.Id) && p.Status == PhotoStatus.Checking)))
        {
            Assert.True(DateTime.UtcNow < deadline, "no check in progress within 20 s");
            await Task.Delay(5);
        }
        api.Worker.Kill();
        var atKill = await api.WithDbAsync(db => db.Photos.Where(p => ids.Contains(p.Id)).Select(p => p.Status).ToListAsync());
        Assert.Contains(atKill, s => s is PhotoStatus.Checking or PhotoStatus.Uploaded);

        await api.RestartWorkerAsync();
        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db =>
            db.Photos.CountAsync(p => ids.Contains(p.Id) && (p.Status == PhotoStatus.PendingReview || p.Status == PhotoStatus.CheckFailed))) == ids.Count,
            "every photo checked", 60);
        var results = await api.WithDbAsync(db => db.StatusChanges.Where(c => ids.Contains(c.EntityId) && c.FromStatus == "checking").ToListAsync());
        Assert.Equal(ids.Count, results.Count); // each photo got exactly one result
    }
}
