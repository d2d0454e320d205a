using ImageCollection.Core.Identity;
using OpenCvSharp;
using QRCoder;

namespace ImageCollection.Core.Tests.Identity;

public sealed class QrCodeReaderTests
{
    private static readonly string Code = TestCollectionCodeVerifier.Encode(
        new ChsiFacts("chsi-12345678", "张*", "4401**********1234", "12736", 2027, ChsiFacts.Registered));

    private static Mat Qr(string text, int pixelsPerModule)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return Cv2.ImDecode(new PngByteQRCode(data).GetGraphic(pixelsPerModule), ImreadModes.Color);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    public void Reads_a_saved_code_image(int pixelsPerModule)
    {
        using var qr = Qr(Code, pixelsPerModule);
        Assert.Equal(Code, QrCodeReader.TryRead(qr.ImEncode(".png")));
    }

    [Fact]
    public void Reads_a_screenshot_with_the_qr_inside_a_page_as_jpeg()
    {
        using var qr = Qr(Code, 6);
        using var page = new Mat(1600, 750, MatType.CV_8UC3, new Scalar(240, 240, 240));
        page[new Rect(0, 0, 750, 120)].SetTo(new Scalar(60, 160, 40));
        using var scaled = qr.Resize(new Size(560, 560));
        scaled.CopyTo(page[new Rect(95, 420, 560, 560)]);
        Assert.Equal(Code, QrCodeReader.TryRead(page.ImEncode(".jpg", [(int)ImwriteFlags.JpegQuality, 85])));
    }

    [Fact]
    public void Gives_null_for_an_image_without_a_qr_or_not_an_image()
    {
        using var blank = new Mat(400, 300, MatType.CV_8UC3, Scalar.White);
        Assert.Null(QrCodeReader.TryRead(blank.ImEncode(".png")));
        Assert.Null(QrCodeReader.TryRead("not an image"u8.ToArray()));
        Assert.Null(QrCodeReader.TryRead([]));
    }

    [Fact]
    public void Reads_many_different_codes_placed_small_in_a_page()
    {
        var unread = 0;
        for (var i = 0; i < 20; i++)
        {
            var code = TestCollectionCodeVerifier.Encode(new ChsiFacts("chsi-" + Guid.NewGuid().ToString("N")[..8], "张*",
                "4401**********1234", "12345", 2027, ChsiFacts.Registered));
            using var qr = Qr(code, 4);
            using var page = new Mat(1600, 750, MatType.CV_8UC3, new Scalar(240, 240, 240));
            qr.CopyTo(page[new Rect(100, 400, qr.Width, qr.Height)]);
            if (QrCodeReader.TryRead(page.ImEncode(".png")) != code) unread++;
        }
        Assert.Equal(0, unread);
    }
}
