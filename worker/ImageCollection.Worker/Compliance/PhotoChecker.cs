using System.Globalization;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Photos;
using Microsoft.Extensions.Options;
using OpenCvSharp;
using static ImageCollection.Worker.Compliance.CheckCodes;

namespace ImageCollection.Worker.Compliance;

/// <summary>
/// The CHSI photo standard as code (../shared/specs/photo-standard.md): the header first (size, type, pixel count,
/// without decoding), then decoding (EXIF orientation honoured), normalisation to 480×640, one face, geometry,
/// colour, background, clothing, sharpness and exposure; soft checks flag for the reviewer. Thread-safe.
/// </summary>
public sealed class PhotoChecker(FaceDetector detector, IOptions<PhotosOptions> options)
{
    private static readonly string[] EditingApps = ["meitu", "美图", "beautycam", "facetune", "snapseed", "photoshop", "picsart", "醒图", "轻颜", "faceu", "b612",
        "remini", "lightroom"];

    public PhotoCheckReport Check(byte[] file, PhotoCheckOverrides? overrides = null)
    {
        var o = options.Value;
        var t = o.Checks;
        var checks = new List<CheckResult>();
        // The whole file, so a frame header behind megabytes of comments is found: nothing is decoded without its size.
        var header = ImageHeader.Read(file);
        if (file.Length > o.MaxUploadBytes) return Stop(checks, Result("file.size", CheckVerdict.Fail, Kb(file.Length), $"≤ {o.MaxUploadBytes / 1024} KB"));
        if (!header.IsImage) return Stop(checks, Result("container.format", CheckVerdict.Fail, "not an image", "JPEG"));
        if (!header.HasDimensions) return Stop(checks, Result("container.decode", CheckVerdict.Fail, "no readable dimensions", "a complete JPEG"));
        if (header.Pixels > o.MaxPixels)
            return Stop(checks, Result("file.pixels", CheckVerdict.Fail, $"{header.Width}×{header.Height}", $"≤ {o.MaxPixels:N0} pixels"));
        var isJpeg = header.Kind == ImageKind.Jpeg;
        checks.Add(Result("container.format", isJpeg ? CheckVerdict.Pass : CheckVerdict.Fail, header.Kind.ToString().ToUpperInvariant(), "JPEG"));
        var facts = isJpeg ? JpegFacts.Read(file) : null;
        if (facts is { Complete: false }) return Stop(checks, Result("container.decode", CheckVerdict.Fail, "truncated (no end-of-image marker)",
            "a complete JPEG"));

        using var decoded = Cv2.ImDecode(file, ImreadModes.Color); // applies the EXIF orientation
        if (decoded.Empty()) return Stop(checks, Result("container.decode", CheckVerdict.Fail, "cannot be decoded", "a complete JPEG"));
        checks.Add(Result("container.decode", CheckVerdict.Pass,
            facts is null || facts.Orientation == 1 ? "ok" : $"ok, EXIF orientation {facts.Orientation} applied"));
        var trueColour = header.Components == 3 && header.BitsPerSample == 8;
        checks.Add(Result("container.channels", trueColour ? CheckVerdict.Pass : CheckVerdict.Fail, $"{header.Components} × {header.BitsPerSample}-bit",
            "3 × 8-bit"));

        var (normalised, normalisation) = Normalise(decoded, t);
        checks.Add(normalised is null
            ? Result("geometry.size", CheckVerdict.Fail, $"{decoded.Width}×{decoded.Height}", $"{t.Width}×{t.Height}, or larger at 3:4")
            : Result("geometry.size", CheckVerdict.Pass, $"{decoded.Width}×{decoded.Height}", $"{t.Width}×{t.Height}, or larger at 3:4"));
        using (normalised)
        {
            var image = normalised ?? decoded;
            var colourfulness = ImageMeasures.Colourfulness(image);
            checks.Add(Result("colour.grayscale", colourfulness >= t.ColourfulnessMin ? CheckVerdict.Pass : CheckVerdict.Fail, F(colourfulness),
                $"≥ {F(t.ColourfulnessMin)}"));
            var faces = detector.Detect(image, (float)t.FaceScore);
            checks.Add(Result("face.count", faces.Count == 1 ? CheckVerdict.Pass : CheckVerdict.Fail, faces.Count.ToString(CultureInfo.InvariantCulture), "1"));
            if (faces.Count == 1 && normalised is not null) checks.AddRange(FaceChecks.Run(normalised, faces[0], t, overrides));
            else checks.AddRange(FaceChecks.Codes.Select(c => Result(c, CheckVerdict.NotEvaluated)));

            checks.AddRange(FileChecks(file, header, facts, normalisation is null, t));
            checks.AddRange(ReviewerChecklist.Select(c => Result(c, CheckVerdict.NotEvaluated)));
            if (normalised is null) return new PhotoCheckReport(PhotoCheckReport.VerdictOf(checks), checks, Derivative.PerceptualHash(decoded), null, null);
            var (jpeg, quality) = Derivative.Encode(normalised);
            var done = $"{normalisation ?? "already 480×640"}; encoded as JPEG quality {quality}, {Kb(jpeg.Length)}";
            var geometry = faces.Count == 1 ? Geometry(normalised, faces[0]) : null;
            return new PhotoCheckReport(PhotoCheckReport.VerdictOf(checks), checks, Derivative.PerceptualHash(normalised), done, jpeg, geometry);
        }
    }

    /// <summary>480×640 as it is, or a larger 3:4 image resized down; anything else cannot be normalised.</summary>
    private static (Mat? Image, string? Description) Normalise(Mat decoded, ComplianceThresholds t)
    {
        if (decoded.Width == t.Width && decoded.Height == t.Height) return (decoded.Clone(), null);
        var aspect = (double)decoded.Width / decoded.Height;
        var target = (double)t.Width / t.Height;
        if (decoded.Width < t.Width || Math.Abs(aspect - target) > target * t.AspectTolerance) return (null, null);
        return (decoded.Resize(new Size(t.Width, t.Height), 0, 0, InterpolationFlags.Area),
            $"resized from {decoded.Width}×{decoded.Height} to {t.Width}×{t.Height}");
    }

    /// <summary>Soft rules on an upload that is already a final 480×640 JPEG; on any other upload the derivative is what counts.</summary>
    private static IEnumerable<CheckResult> FileChecks(byte[] file, ImageHeader header, JpegFacts? facts, bool final, ComplianceThresholds t)
    {
        var applies = final && facts is not null && header.Width == t.Width && header.Height == t.Height;
        var kb = file.Length / 1024.0;
        yield return !applies ? Result("file.size_kb", CheckVerdict.NotEvaluated)
            : Result("file.size_kb", kb >= t.FileKbMin && kb <= t.FileKbMax ? CheckVerdict.Pass : CheckVerdict.Flag, F(kb) + " KB",
                $"{t.FileKbMin}–{t.FileKbMax} KB");
        yield return !applies || facts!.Quality is null ? Result("file.jpeg_quality", CheckVerdict.NotEvaluated)
            : Result("file.jpeg_quality", facts.Quality >= t.JpegQualityMin ? CheckVerdict.Pass : CheckVerdict.Flag, facts.Quality.ToString(),
                $"≥ {t.JpegQualityMin}");
        yield return !applies ? Result("file.dpi", CheckVerdict.NotEvaluated)
            : Result("file.dpi", facts!.Dpi == t.Dpi ? CheckVerdict.Pass : CheckVerdict.Flag, facts.Dpi?.ToString() ?? "none", t.Dpi.ToString());
        var edited = facts?.Software is { } sw && EditingApps.Any(a => sw.Contains(a, StringComparison.OrdinalIgnoreCase));
        yield return facts is null ? Result("exif.editing_software", CheckVerdict.NotEvaluated)
            : Result("exif.editing_software", edited ? CheckVerdict.Flag : CheckVerdict.Pass, facts.Software ?? "none", "no beautifying or editing app");
    }

    private static CheckGeometry Geometry(Mat image, Face face)
    {
        var box = face.Box;
        var rect = new Rect((int)Math.Round(box.X), (int)Math.Round(box.Y), (int)Math.Round(box.Width), (int)Math.Round(box.Height));
        return new CheckGeometry(CheckArea.Of("face", rect),
            ImageMeasures.BackgroundRegions(image.Size(), box).Select(r => CheckArea.Of(r.Name, r.Area)).ToList());
    }

    private static PhotoCheckReport Stop(List<CheckResult> checks, CheckResult failure)
    {
        checks.Add(failure);
        return new PhotoCheckReport(CheckOutcome.Rejected, checks, null, null, null);
    }

    internal static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
    private static string Kb(long bytes) => F(bytes / 1024.0) + " KB";
}
