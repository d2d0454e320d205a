using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Identity;
using QRCoder;

namespace ImageCollection.Api.Tests.Enrollments;

public sealed class CollectionCodeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(JsonElement Batch, string SchoolCode)> BatchAsync(int year = 2027)
    {
        var staff = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        var school = await Seed.SchoolAsync(staff);
        return (await Seed.BatchAsync(staff, school.GetProperty("id").GetGuid(), graduationYear: year), school.GetProperty("code").GetString()!);
    }

    private static string Code(string schoolCode, int year = 2027, string status = ChsiFacts.Registered, string idTail = "1234") =>
        TestCollectionCodeVerifier.Encode(new ChsiFacts("chsi-" + Guid.NewGuid().ToString("N")[..8], "张*", "4401**********" + idTail,
            schoolCode, year, status));

    private static object ByCode(string? code, string idLast4 = "1234", string? image = null) => new
    {
        acceptAgreement = true, agreementVersion = "2026-09", method = "collection_code", collectionCode = code,
        collectionCodeImage = image, idLast4, name = "张三",
    };

    private async Task<HttpResponseMessage> Enroll(JsonElement batch, object body)
    {
        var student = api.CreateClient((await api.LoginStudentAsync("c" + Guid.NewGuid().ToString("N")[..10])).Token);
        return await student.PostAsJsonAsync($"/api/v1/batches/{batch.GetProperty("featureCode").GetString()}/enrollments", body);
    }

    [Fact]
    public async Task A_verified_code_with_matching_facts_enrolls_and_is_masked()
    {
        var (batch, school) = await BatchAsync();
        var code = Code(school);
        var response = await Enroll(batch, ByCode(code));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var identity = body.GetProperty("identity");
        Assert.True(identity.GetProperty("collectionCodeVerified").GetBoolean());
        Assert.Equal(code[..4] + "********" + code[^4..], identity.GetProperty("collectionCode").GetString());
    }

    [Theory]
    [InlineData("year", "enrollment.wrong_graduation_year")]
    [InlineData("school", "enrollment.wrong_school")]
    [InlineData("status", "enrollment.not_registered")]
    public async Task Eligibility_is_enforced_from_the_facts_in_the_code(string wrong, string expected)
    {
        var (batch, school) = await BatchAsync();
        var code = wrong switch
        {
            "year" => Code(school, year: 2026),
            "school" => Code("99999"),
            _ => Code(school, status: "suspended"),
        };
        await (await Enroll(batch, ByCode(code))).AssertProblemAsync(HttpStatusCode.UnprocessableEntity, expected);
    }

    [Fact]
    public async Task The_last_four_of_the_id_number_must_match_the_code()
    {
        var (batch, school) = await BatchAsync();
        await (await Enroll(batch, ByCode(Code(school, idTail: "5678"), idLast4: "1234")))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "collection_code.invalid");
    }

    [Fact]
    public async Task A_malformed_code_is_a_validation_problem()
    {
        var (batch, _) = await BatchAsync();
        await (await Enroll(batch, ByCode("short code"))).AssertValidationProblemAsync("collectionCode");
        await (await Enroll(batch, ByCode(null))).AssertValidationProblemAsync("collectionCode");
    }

    [Fact]
    public async Task A_screenshot_of_the_qr_is_decoded_on_the_server()
    {
        var (batch, school) = await BatchAsync();
        var code = Code(school);
        var png = Screenshot(code);

        var response = await Enroll(batch, ByCode(null, image: Convert.ToBase64String(png)));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(HttpStatusCode.Created == response.StatusCode, body.ToString());
        Assert.EndsWith(code[^4..], body.GetProperty("identity").GetProperty("collectionCode").GetString());
    }

    [Fact]
    public async Task An_unreadable_screenshot_is_422_asking_for_the_saved_code_image()
    {
        var (batch, _) = await BatchAsync();
        using var blank = new OpenCvSharp.Mat(400, 300, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.White);
        var png = blank.ImEncode(".png");

        var problem = await (await Enroll(batch, ByCode(null, image: Convert.ToBase64String(png))))
            .AssertProblemAsync(HttpStatusCode.UnprocessableEntity, "collection_code.unreadable");
        Assert.Contains("保存的采集码图片", problem.GetProperty("detail").GetString());
    }

    /// <summary>A phone-like screenshot: the QR smaller, off-centre, on a grey page with a header bar.</summary>
    private static byte[] Screenshot(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var qr = new PngByteQRCode(data).GetGraphic(4);
        using var qrMat = OpenCvSharp.Cv2.ImDecode(qr, OpenCvSharp.ImreadModes.Color);
        using var page = new OpenCvSharp.Mat(1600, 750, OpenCvSharp.MatType.CV_8UC3, new OpenCvSharp.Scalar(240, 240, 240));
        page[new OpenCvSharp.Rect(0, 0, 750, 120)].SetTo(new OpenCvSharp.Scalar(60, 160, 40));
        var size = Math.Min(600, qrMat.Width);
        using var scaled = qrMat.Resize(new OpenCvSharp.Size(size, size));
        scaled.CopyTo(page[new OpenCvSharp.Rect(100, 400, size, size)]);
        return page.ImEncode(".png");
    }
}
