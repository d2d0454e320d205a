using System.Diagnostics;
using OpenCvSharp;

namespace ImageCollection.Core.Identity;

/// <summary>
/// Reads the CHSI collection code from a screenshot of its QR (上传学信网二维码). WeChat's QR engine (zxing-based,
/// here without its optional CNN models) reads the codes OpenCV's plain detector misses; the plain detector is tried
/// as well, on a few renderings, before giving up. A screenshot is a phone screen: anything larger is refused from its
/// header, and decoding stops trying new renderings once its time budget is spent.
/// </summary>
public static class QrCodeReader
{
    public const int MaxImageBytes = 4 * 1024 * 1024;
    /// <summary>A phone or tablet screen (2048×2732 is 5.6 MP); a header claiming more is refused before decoding.</summary>
    public const long MaxPixels = 9_000_000;
    public const int MaxSide = 4096;
    /// <summary>Once this is spent, no further rendering is tried (the one running finishes: OpenCV cannot be interrupted).</summary>
    public static readonly TimeSpan Budget = TimeSpan.FromSeconds(2);
    /// <summary>The detectors work on at most this many pixels on the long side; a larger screenshot is scaled down first.</summary>
    private const int WorkingSide = 1600;

    /// <summary>Why an image is refused before any decoding, or null when it may be decoded.</summary>
    public static string? Refusal(ReadOnlySpan<byte> image)
    {
        if (image.Length == 0 || image.Length > MaxImageBytes) return $"The screenshot must be at most {MaxImageBytes / 1024 / 1024} MB.";
        var header = Photos.ImageHeader.Read(image);
        if (header.Kind is not (Photos.ImageKind.Jpeg or Photos.ImageKind.Png)) return "The screenshot must be a PNG or JPEG image.";
        if (!header.HasDimensions) return "The screenshot cannot be read (its header is damaged).";
        if (header.Pixels > MaxPixels || header.Width > MaxSide || header.Height > MaxSide)
            return $"The screenshot is {header.Width}×{header.Height}: a phone screenshot is at most {MaxSide} pixels a side.";
        return null;
    }

    /// <summary>The QR's text, or null when no QR can be read from the image (or the image is refused).</summary>
    public static string? TryRead(byte[] image)
    {
        if (Refusal(image) is not null) return null;
        var clock = Stopwatch.StartNew();
        using var decoded = Cv2.ImDecode(image, ImreadModes.Color);
        if (decoded.Empty()) return null;
        using var color = FitWorkingSize(decoded);
        using (var wechat = new WeChatQRCode("", "", "", ""))
        {
            var texts = wechat.DetectAndDecode(color, out _);
            if (texts.FirstOrDefault(t => !string.IsNullOrEmpty(t)) is { } found) return found;
        }
        using var detector = new QRCodeDetector();
        using var gray = color.CvtColor(ColorConversionCodes.BGR2GRAY);
        foreach (var render in Renderings)
        {
            if (clock.Elapsed > Budget) return null;
            using var candidate = render(gray);
            var text = detector.DetectAndDecode(candidate, out _);
            if (!string.IsNullOrEmpty(text)) return text;
        }
        return null;
    }

    private static Mat FitWorkingSize(Mat image)
    {
        var side = Math.Max(image.Width, image.Height);
        if (side <= WorkingSide) return image.Clone();
        var scale = (double)WorkingSide / side;
        return image.Resize(new Size(), scale, scale, InterpolationFlags.Area);
    }

    /// <summary>Small QRs in a screenshot decode better enlarged (only small screenshots are); noisy ones better binarised.</summary>
    private static readonly Func<Mat, Mat>[] Renderings =
    [
        gray => gray.Clone(),
        gray => Math.Max(gray.Width, gray.Height) <= WorkingSide / 2
            ? gray.Resize(new Size(), 2, 2, InterpolationFlags.Cubic)
            : gray.Clone(),
        gray =>
        {
            var binary = new Mat();
            Cv2.Threshold(gray, binary, 0, 255, ThresholdTypes.Binary | ThresholdTypes.Otsu);
            return binary;
        },
    ];
}
