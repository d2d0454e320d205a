using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Testing;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Security;

/// <summary>Uploads the header check can judge at once are refused before anything is stored, and cost no submission.</summary>
public sealed class UploadHardeningTests(PhotoApiFactory api) : IClassFixture<PhotoApiFactory>
{
    public static TheoryData<string, byte[], string, HttpStatusCode, string> Refused => new()
    {
        // 16000×16000 behind 300 KB of comments: the header sniffing once read 256 KB, found nothing, and let 0 pixels pass.
        { "a pixel bomb behind 300 KB of comments", CraftedFiles.Jpeg(16000, 16000, commentBytes: 300 * 1024), "image/jpeg", HttpStatusCode.UnprocessableEntity,
            "photo.too_many_pixels" },
        { "a frame header of 0×0", CraftedFiles.Jpeg(0, 0), "image/jpeg", HttpStatusCode.UnprocessableEntity, "photo.unreadable" },
        { "a frame header of 65535×1", CraftedFiles.Jpeg(65535, 1), "image/jpeg", HttpStatusCode.UnprocessableEntity, "photo.too_small" },
        { "a JPEG cut before its end", CraftedFiles.Jpeg(480, 640, complete: false), "image/jpeg", HttpStatusCode.UnprocessableEntity, "photo.truncated" },
        { "a JPEG signature then script", CraftedFiles.JpegSignatureThen("<script>alert(1)</script>"), "image/jpeg", HttpStatusCode.UnprocessableEntity,
            "photo.unreadable" },
        { "a PNG sent as image/jpeg", CraftedFiles.PngHeader(480, 640), "image/jpeg", HttpStatusCode.UnsupportedMediaType, "photo.not_jpeg" },
        { "a GIF sent as image/jpeg", "GIF89a\u00e0\u0001\u0080\u0002"u8.ToArray(), "image/jpeg", HttpStatusCode.UnsupportedMediaType, "photo.not_jpeg" },
        { "a 25-byte PNG", CraftedFiles.PngHeader(480, 640, length: 25), "image/jpeg", HttpStatusCode.UnsupportedMediaType, "photo.not_jpeg" },
        { "a PNG sent as what it is", CraftedFiles.PngHeader(480, 640), "image/png", HttpStatusCode.UnsupportedMediaType, "request.unsupported_media_type" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task An_unusable_upload_is_refused_at_once_and_nothing_is_stored(string what, byte[] file, string contentType,
        HttpStatusCode status, string code)
    {
        var s = await api.PaidAsync();
        var response = await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, file, contentType);
        await response.AssertProblemAsync(status, code);
        Assert.Equal(0, await api.WithDbAsync(db => db.Photos.CountAsync(p => p.EnrollmentId == s.EnrollmentId)));
        var bucket = api.S3.BucketFolder(api.Bucket);
        Assert.False(Directory.Exists(bucket) && Directory.EnumerateFileSystemEntries(bucket, "*", SearchOption.AllDirectories)
            .Any(f => f.Contains(s.EnrollmentId.ToString("N"))), what);
    }

    [Fact]
    public async Task The_first_200_bytes_of_a_photo_are_refused()
    {
        var s = await api.PaidAsync();
        var response = await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto()[..200]);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(0, await api.WithDbAsync(db => db.Photos.CountAsync(p => p.EnrollmentId == s.EnrollmentId)));
    }

    [Fact]
    public async Task Refused_uploads_leave_every_submission_to_the_student()
    {
        var s = await api.PaidAsync();
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, CraftedFiles.Jpeg(0,
                0))).StatusCode);
        var uploaded = await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto());
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
        Assert.Equal(1, (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionNumber").GetInt32());
    }

    [Fact]
    public async Task A_photo_whose_check_keeps_failing_ends_check_failed_without_costing_a_submission()
    {
        var s = await api.PaidAsync();
        var id = (await (await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto())).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetGuid();
        await api.SettledAsync(id);
        // As a worker that died on every attempt leaves it: in checking, its lease long gone, every attempt used.
        await api.WithDbAsync(db => db.Database.ExecuteSqlAsync($"""
            update photos set status = 'checking', check_attempts = 3, check_started_at = now() - interval '1 hour',
                check_verdict = null, check_report = null where id = {id}
            """));

        var photo = await PhotoApiFactory.EventuallyValue(() => api.PhotoAsync(id), p => p.Status == PhotoStatus.CheckFailed, "given up");
        Assert.Equal([Photo.GaveUpCode], photo.RejectReasons);
        Assert.False(photo.CountsAsSubmission);
        var again = await PhotoApiFactory.UploadAsync(s.Student, s.EnrollmentId, api.GoodPhoto("facedetect_grace_hopper_512x512.jpg"));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(1, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionNumber").GetInt32());
    }
}
