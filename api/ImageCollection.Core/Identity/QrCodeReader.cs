using OpenCvSharp;

namespace ImageCollection.Core.Identity;

/// <summary>
/// Reads the CHSI collection code from a screenshot of its QR (上传学信网二维码). WeChat's QR engine (zxing-based,
/// here without its optional CNN models) reads the codes OpenCV's plain detector misses; the plain detector is tried
/// as well, on a few renderings, before giving up.
/// </summary>
public static class QrCodeReader
{
    public const int MaxImageBytes = 4 * 1024 * 1024;
    /// <summary>A phone screenshot is a few megapixels; a header claiming far more is refused before decoding.</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>The QR's text, or null when no QR can be read from the image.</summary>
    public static string? TryRead(byte[] image)
    {
        if (image.Length == 0 || image.Length > MaxImageBytes) return null;
        var header = Photos.ImageHeader.Read(image.AsSpan(0, Math.Min(image.Length, Photos.ImageHeader.SniffBytes)));
        if (header.Kind is not (Photos.ImageKind.Jpeg or Photos.ImageKind.Png) || header.Pixels > MaxPixels) return null;
        using var color = Cv2.ImDecode(image, ImreadModes.Color);
        if (color.Empty()) return null;
        using (var wechat = new WeChatQRCode("", "", "", ""))
        {
            var texts = wechat.DetectAndDecode(color, out _);
            if (texts.FirstOrDefault(t => !string.IsNullOrEmpty(t)) is { } found) return found;
        }
        using var detector = new QRCodeDetector();
        using var gray = color.CvtColor(ColorConversionCodes.BGR2GRAY);
        foreach (var candidate in Renderings(gray))
        {
            using (candidate)
            {
                var text = detector.DetectAndDecode(candidate, out _);
                if (!string.IsNullOrEmpty(text)) return text;
            }
        }
        return null;
    }

    private static IEnumerable<Mat> Renderings(Mat gray)
    {
        yield return gray.Clone();
        // Small QRs in a large screenshot decode better enlarged; noisy ones better binarised.
        yield return gray.Resize(new Size(), 2, 2, InterpolationFlags.Cubic);
        var binary = new Mat();
        Cv2.Threshold(gray, binary, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
        yield return binary;
    }
}
