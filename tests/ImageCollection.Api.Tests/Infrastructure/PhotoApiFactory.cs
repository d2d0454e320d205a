using System.Net.Http.Headers;
using System.Text.Json;
using ImageCollection.Core.Domain;
using ImageCollection.Testing;
using Microsoft.EntityFrameworkCore;
using OpenCvSharp;

namespace ImageCollection.Api.Tests.Infrastructure;

/// <summary>The payments setup plus photos: short check lease, immediate retention, a review-result template, test photos.</summary>
public class PhotoApiFactory : PaymentsApiFactory
{
    public PhotoApiFactory()
    {
        Settings["Retention:UnusablePhotoDays"] = "0";
        Settings["Retention:WithdrawnEnrollmentDays"] = "0";
        Settings["Wechat:MiniProgram:Templates:ReviewResult"] = "TPL-REVIEW-RESULT";
    }

    private readonly Lazy<TestPhotos> _photos = new(() => new TestPhotos());
    private readonly Dictionary<string, byte[]> _made = new();

    /// <summary>A photo that passes the automatic check (so it waits for review).</summary>
    public byte[] GoodPhoto(string fixture = "matplotlib_grace_hopper.jpg") => Made("good:" + fixture, () =>
    {
        using var photo = _photos.Value.Compliant(fixture);
        return TestPhotos.Jpeg(photo);
    });

    /// <summary>A photo the automatic check rejects: grayscale.</summary>
    public byte[] GrayPhoto() => Made("gray", () =>
    {
        using var photo = _photos.Value.Compliant();
        using var gray = photo.CvtColor(ColorConversionCodes.BGR2GRAY).CvtColor(ColorConversionCodes.GRAY2BGR);
        return TestPhotos.Jpeg(gray);
    });

    private byte[] Made(string key, Func<byte[]> make)
    {
        lock (_made)
        {
            if (!_made.TryGetValue(key, out var bytes)) _made[key] = bytes = make();
            return bytes;
        }
    }

    public async Task<Enrolled> PaidAsync(JsonElement? batch = null)
    {
        var s = await EnrolledAsync(batch: batch);
        var order = await OrderAsync(s.Student, s.EnrollmentId);
        await PayAsync(order.GetProperty("outTradeNo").GetString()!);
        var id = order.GetProperty("id").GetGuid();
        await Eventually(async () => await WithDbAsync(db => db.Orders.AnyAsync(o => o.Id == id && o.Status == OrderStatus.Paid)), "paid");
        return s;
    }

    public static Task<HttpResponseMessage> UploadAsync(HttpClient client, Guid enrollmentId, byte[] photo, string contentType = "image/jpeg")
    {
        var content = new ByteArrayContent(photo);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return client.PostAsync($"/api/v1/enrollments/{enrollmentId}/photos", content);
    }

    public async Task<Photo> PhotoAsync(Guid id) => await WithDbAsync(db => db.Photos.AsNoTracking().SingleAsync(p => p.Id == id));

    public async Task<Photo> SettledAsync(Guid photoId) =>
        await EventuallyValue(async () => await PhotoAsync(photoId), p => p.Status is PhotoStatus.PendingReview or PhotoStatus.CheckFailed, "checked");

    public static async Task<T> EventuallyValue<T>(Func<Task<T>> read, Func<T, bool> done, string what, int seconds = 40)
    {
        T value = await read();
        await Eventually(async () => done(value = await read()), what, seconds);
        return value;
    }

    public override async Task DisposeAsync()
    {
        if (_photos.IsValueCreated) _photos.Value.Dispose();
        await base.DisposeAsync();
    }
}
