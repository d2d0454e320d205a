using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Testing;
using OpenCvSharp;

namespace ImageCollection.Api.Tests.Security;

/// <summary>Collection-code screenshots are phone screens, decoded a few at a time; students enroll a few times a minute.</summary>
public sealed class ScreenshotLimitTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(HttpClient Student, string FeatureCode)> StudentAndBatchAsync()
    {
        var staff = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        var school = (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid();
        var batch = await Seed.BatchAsync(staff, school);
        var (_, token) = await api.LoginStudentAsync("shot" + Guid.NewGuid().ToString("N")[..8]);
        return (api.CreateClient(token), batch.GetProperty("featureCode").GetString()!);
    }

    private static object ByImage(byte[] image) => new
    {
        acceptAgreement = true, agreementVersion = "2026-09", method = "collection_code", name = "张三", idLast4 = "1234",
        collectionCodeImage = Convert.ToBase64String(image),
    };

    [Fact]
    public async Task A_blank_6000_by_6000_screenshot_is_refused_from_its_header_at_once()
    {
        var (student, featureCode) = await StudentAndBatchAsync();
        using var blank = new Mat(6000, 6000, MatType.CV_8UC1, OpenCvSharp.Scalar.White);
        var png = blank.ImEncode(".png");
        Assert.True(png.Length < 200 * 1024);
        var clock = Stopwatch.StartNew();
        var response = await student.PostAsJsonAsync($"/api/v1/batches/{featureCode}/enrollments", ByImage(png));
        var body = await response.AssertValidationProblemAsync("collectionCodeImage");
        Assert.Contains("6000×6000", body.ToString());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData(24)]
    [InlineData(25)]
    public async Task A_screenshot_cut_inside_its_header_is_a_field_error(int length)
    {
        var (student, featureCode) = await StudentAndBatchAsync();
        var response = await student.PostAsJsonAsync($"/api/v1/batches/{featureCode}/enrollments", ByImage(CraftedFiles.PngHeader(1000, 1000, length)));
        await response.AssertValidationProblemAsync("collectionCodeImage");
    }

    [Fact]
    public async Task A_student_gets_a_few_enrollment_attempts_a_minute()
    {
        var (student, featureCode) = await StudentAndBatchAsync();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 11; i++)
        {
            last = await student.PostAsJsonAsync($"/api/v1/batches/{featureCode}/enrollments", ByImage(CraftedFiles.PngHeader(1, 1, 24)));
            statuses.Add(last.StatusCode);
        }
        Assert.All(statuses.Take(10), s => Assert.Equal(HttpStatusCode.BadRequest, s));
        await last.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(last.Headers.Contains("Retry-After"));

        // Another student is not held up.
        var (other, _) = await StudentAndBatchAsync();
        Assert.Equal(HttpStatusCode.BadRequest,
            (await other.PostAsJsonAsync($"/api/v1/batches/{featureCode}/enrollments", ByImage(CraftedFiles.PngHeader(1, 1, 24)))).StatusCode);
    }
}
