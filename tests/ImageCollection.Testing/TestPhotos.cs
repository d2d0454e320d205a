using ImageCollection.Core.Photos;
using ImageCollection.Worker.Compliance;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace ImageCollection.Testing;

/// <summary>
/// Compliant 480×640 photos made from the real faces of ../shared/fixtures/faces (crop around the detected face, background
/// replaced by the nominal light blue with a GrabCut mask), and variants that break one rule each.
/// </summary>
public sealed class TestPhotos : IDisposable
{
    public static readonly Scalar LightBlue = new(255, 197, 100); // BGR of RGB (100, 197, 255)
    public FaceDetector Detector { get; }
    public PhotoChecker Checker { get; }
    private readonly Dictionary<string, (Mat Photo, Mat Mask)> _built = new();

    public TestPhotos()
    {
        var options = Options.Create(new PhotosOptions());
        Detector = new FaceDetector(options);
        Checker = new PhotoChecker(Detector, options);
    }

    public static string Fixture(string name) => RepoPaths.SharedFile("fixtures", "faces", name);

    /// <summary>A compliant photo of the person in <paramref name="fixture"/>: face <paramref name="faceWidth"/> px wide, eyes at (eyeX, eyeY).</summary>
    public Mat Compliant(string fixture = "skimage_astronaut_eileen_collins.png", int faceWidth = 210, int eyeX = 240, int eyeY = 270,
        Scalar? background = null)
    {
        var (photo, mask) = Build(fixture, faceWidth, eyeX, eyeY);
        return Compose(photo, mask, background ?? LightBlue);
    }

    /// <summary>The person over a background image of our choosing (a gradient, another face…).</summary>
    public Mat Over(Mat background, string fixture = "skimage_astronaut_eileen_collins.png")
    {
        var (photo, mask) = Build(fixture, 210, 240, 270);
        using var soft = Feather(mask);
        var result = new Mat();
        Blend(photo, background, soft, result);
        return result;
    }

    private (Mat Photo, Mat Mask) Build(string fixture, int faceWidth, int eyeX, int eyeY)
    {
        var key = $"{fixture}:{faceWidth}:{eyeX}:{eyeY}";
        if (_built.TryGetValue(key, out var done)) return done;
        using var source = Cv2.ImRead(Fixture(fixture), ImreadModes.Color);
        var face = Detector.Detect(source, 0.7f).Single();
        var scale = faceWidth / face.Box.Width;
        var eyes = face.EyeMidpoint;
        // The crop window (in source pixels) that puts the eyes at (eyeX, eyeY) of the 480×640 result.
        var affine = new Mat(2, 3, MatType.CV_64FC1);
        affine.Set(0, 0, (double)scale); affine.Set(0, 1, 0.0); affine.Set(0, 2, (double)(eyeX - eyes.X * scale));
        affine.Set(1, 0, 0.0); affine.Set(1, 1, (double)scale); affine.Set(1, 2, (double)(eyeY - eyes.Y * scale));
        var photo = new Mat();
        Cv2.WarpAffine(source, photo, affine, new Size(480, 640), InterpolationFlags.Cubic, BorderTypes.Replicate);
        var mask = PersonMask(photo, face, scale, eyeX, eyeY);
        _built[key] = (photo, mask);
        return (photo, mask);
    }

    /// <summary>
    /// GrabCut seeded with what we know: the face is foreground; a head ellipse and the shoulders below are probably
    /// foreground; the frame outside the head and shoulders is background.
    /// </summary>
    private static Mat PersonMask(Mat photo, Face face, float scale, int eyeX, int eyeY)
    {
        var w = face.Box.Width * scale;
        var h = face.Box.Height * scale;
        using var mask = new Mat(photo.Size(), MatType.CV_8UC1, new Scalar((int)GrabCutClasses.BGD));
        var headCentre = new Point(eyeX, (int)(eyeY - h * 0.05));
        Cv2.Ellipse(mask, headCentre, new Size((int)(w * 0.75), (int)(h * 1.05)), 0, 0, 360, new Scalar((int)GrabCutClasses.PR_FGD), -1);
        var chin = (int)(eyeY + h * 0.55);
        Cv2.FillConvexPoly(mask, new[]
        {
            new Point(eyeX - w * 0.45, chin), new Point(eyeX + w * 0.45, chin),
            new Point(eyeX + w * 1.5, 640), new Point(eyeX - w * 1.5, 640),
        }, new Scalar((int)GrabCutClasses.PR_FGD));
        var core = new Rect((int)(eyeX - w * 0.3), (int)(eyeY - h * 0.2), (int)(w * 0.6), (int)(h * 0.7));
        mask[core.Intersect(new Rect(0, 0, 480, 640))].SetTo(new Scalar((int)GrabCutClasses.FGD));
        using var bgModel = new Mat();
        using var fgModel = new Mat();
        Cv2.GrabCut(photo, mask, new Rect(), bgModel, fgModel, 5, GrabCutModes.InitWithMask);
        var result = new Mat();
        using var fg = new Mat();
        using var probable = new Mat();
        Cv2.Compare(mask, new Scalar((int)GrabCutClasses.FGD), fg, CmpTypes.EQ);
        Cv2.Compare(mask, new Scalar((int)GrabCutClasses.PR_FGD), probable, CmpTypes.EQ);
        Cv2.BitwiseOr(fg, probable, result);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(5, 5));
        Cv2.MorphologyEx(result, result, MorphTypes.Open, kernel);
        return result;
    }

    private static Mat Compose(Mat photo, Mat mask, Scalar background)
    {
        using var plain = new Mat(photo.Size(), MatType.CV_8UC3, background);
        using var soft = Feather(mask);
        var result = new Mat();
        Blend(photo, plain, soft, result);
        return result;
    }

    private static Mat Feather(Mat mask)
    {
        var soft = new Mat();
        mask.ConvertTo(soft, MatType.CV_32FC1, 1.0 / 255);
        Cv2.GaussianBlur(soft, soft, new Size(3, 3), 0);
        return soft;
    }

    private static void Blend(Mat foreground, Mat background, Mat alpha, Mat result)
    {
        using var a3 = new Mat();
        Cv2.Merge([alpha, alpha, alpha], a3);
        using var f = new Mat();
        using var b = new Mat();
        foreground.ConvertTo(f, MatType.CV_32FC3);
        background.ConvertTo(b, MatType.CV_32FC3);
        using var inv = new Mat();
        Cv2.Subtract(Scalar.All(1.0), a3, inv);
        using var sum = f.Mul(a3) + b.Mul(inv);
        sum.ToMat().ConvertTo(result, MatType.CV_8UC3);
    }

    /// <summary>A final upload as the standard wants it: JPEG within 40 KB at quality ≥ 60, JFIF 300 dpi.</summary>
    public static byte[] Jpeg(Mat photo)
    {
        var (bytes, _) = Derivative.Encode(photo);
        return WithDpi(bytes, 300);
    }

    public static byte[] WithDpi(byte[] jpeg, int dpi)
    {
        var copy = (byte[])jpeg.Clone();
        if (copy[2] == 0xFF && copy[3] == 0xE0 && copy.AsSpan(6, 5).SequenceEqual("JFIF\0"u8))
        {
            copy[13] = 1;
            copy[14] = (byte)(dpi >> 8); copy[15] = (byte)dpi;
            copy[16] = (byte)(dpi >> 8); copy[17] = (byte)dpi;
        }
        return copy;
    }

    /// <summary>Inserts a minimal EXIF segment with the given orientation (and optionally a Software tag) after SOI.</summary>
    public static byte[] WithExif(byte[] jpeg, ushort orientation, string? software = null)
    {
        var sw = software is null ? [] : System.Text.Encoding.ASCII.GetBytes(software + "\0");
        var entries = software is null ? 1 : 2;
        var tiff = new List<byte> { (byte)'I', (byte)'I', 42, 0, 8, 0, 0, 0, (byte)entries, 0 };
        void Entry(ushort tag, ushort type, uint count, uint value)
        {
            tiff.AddRange(BitConverter.GetBytes(tag)); tiff.AddRange(BitConverter.GetBytes(type));
            tiff.AddRange(BitConverter.GetBytes(count)); tiff.AddRange(BitConverter.GetBytes(value));
        }
        Entry(0x0112, 3, 1, orientation);
        if (software is not null) Entry(0x0131, 2, (uint)sw.Length, (uint)(8 + 2 + entries * 12 + 4));
        tiff.AddRange([0, 0, 0, 0]);
        tiff.AddRange(sw);
        var payload = "Exif\0\0"u8.ToArray().Concat(tiff).ToArray();
        var segment = new byte[] { 0xFF, 0xE1, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2) }.Concat(payload);
        return jpeg.Take(2).Concat(segment).Concat(jpeg.Skip(2)).ToArray();
    }

    public void Dispose()
    {
        foreach (var (photo, mask) in _built.Values) { photo.Dispose(); mask.Dispose(); }
        Detector.Dispose();
    }
}
