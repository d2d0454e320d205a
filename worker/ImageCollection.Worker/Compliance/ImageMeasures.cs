using OpenCvSharp;

namespace ImageCollection.Worker.Compliance;

/// <summary>The measurements the checks compare with their thresholds, on the normalised 480×640 image.</summary>
public static class ImageMeasures
{
    /// <summary>Mean |R−G| + |G−B| over the image: near 0 for grayscale content.</summary>
    public static double Colourfulness(Mat bgr)
    {
        var ch = bgr.Split();
        try
        {
            using var rg = new Mat();
            using var gb = new Mat();
            Cv2.Absdiff(ch[2], ch[1], rg);
            Cv2.Absdiff(ch[1], ch[0], gb);
            return Cv2.Mean(rg).Val0 + Cv2.Mean(gb).Val0;
        }
        finally
        {
            foreach (var c in ch) c.Dispose();
        }
    }

    /// <summary>
    /// Background sample regions around the head: the top strip, the top corners and the sides above the shoulders,
    /// clear of the face box (widened for hair).
    /// </summary>
    public static IReadOnlyList<(string Name, Rect Area)> BackgroundRegions(Size size, Rect2f face)
    {
        var w = size.Width;
        var headLeft = (int)Math.Max(0, face.X - face.Width * 0.35);
        var headRight = (int)Math.Min(w, face.Right + face.Width * 0.35);
        var sideBottom = (int)Math.Clamp(face.Y + face.Height * 0.6, 60, size.Height * 0.6);
        var top = (int)Math.Clamp(face.Y - face.Height * 0.9, 12, 48);
        List<(string, Rect)> regions =
        [
            ("top", new Rect(8, 4, w - 16, top - 4)),
            ("left", new Rect(4, top, Math.Max(8, headLeft - 8), sideBottom - top)),
            ("right", new Rect(Math.Min(w - 12, headRight + 4), top, Math.Max(8, w - 4 - headRight - 4), sideBottom - top)),
        ];
        return regions.Select(r => (r.Item1, r.Item2.Intersect(new Rect(0, 0, w, size.Height)))).Where(r => r.Item2.Width >= 4 && r.Item2.Height >= 4).ToList();
    }

    public sealed record BackgroundStats(ColourScience.Lab Mean, double LightnessStd, double Gradient);

    public static BackgroundStats Background(Mat lab, IReadOnlyList<(string Name, Rect Area)> regions)
    {
        var means = new List<ColourScience.Lab>();
        var lightness = new List<float>();
        foreach (var (_, area) in regions)
        {
            using var roi = new Mat(lab, area);
            means.Add(ColourScience.Mean(roi));
            var planes = roi.Split();
            planes[0].GetArray(out float[] l);
            lightness.AddRange(l);
            foreach (var p in planes) p.Dispose();
        }
        var avg = lightness.Average();
        var std = Math.Sqrt(lightness.Sum(v => (v - avg) * (v - avg)) / lightness.Count);
        var gradient = means.SelectMany(a => means.Select(b => Math.Abs(a.L - b.L))).Max();
        var mean = new ColourScience.Lab(means.Average(m => m.L), means.Average(m => m.A), means.Average(m => m.B));
        return new BackgroundStats(mean, std, gradient);
    }

    /// <summary>
    /// The top of the hair: the first row above the face where a good share of the head's columns differ from the
    /// background colour. Null when nothing stands out (then the head top is the face box top).
    /// </summary>
    public static int HeadTop(Mat lab, Rect2f face, ColourScience.Lab background)
    {
        var x0 = (int)Math.Max(0, face.X + face.Width * 0.2);
        var x1 = (int)Math.Min(lab.Width - 1, face.Right - face.Width * 0.2);
        var limit = (int)Math.Clamp(face.Y, 0, lab.Height - 1);
        for (var y = 0; y < limit; y++)
        {
            var differing = 0;
            for (var x = x0; x <= x1; x += 2)
            {
                var p = lab.At<Vec3f>(y, x);
                if (new ColourScience.Lab(p.Item0, p.Item1, p.Item2).DeltaE(background) > 20) differing++;
            }
            if (differing >= (x1 - x0) / 2 * 0.3) return y;
        }
        return limit;
    }

    public static Rect Clip(Rect2f r, Size size) =>
        new Rect((int)r.X, (int)r.Y, (int)r.Width, (int)r.Height).Intersect(new Rect(0, 0, size.Width, size.Height));

    /// <summary>Variance of the Laplacian of the face: low for blur and for re-photographed prints.</summary>
    public static double Sharpness(Mat gray, Rect face)
    {
        using var roi = new Mat(gray, face);
        using var lap = new Mat();
        Cv2.Laplacian(roi, lap, MatType.CV_64F);
        Cv2.MeanStdDev(lap, out _, out var std);
        return std.Val0 * std.Val0;
    }

    public sealed record Exposure(double Mean, double ClippedShare, double DynamicRange);

    /// <summary>OFIQ-style exposure of the face: mean luminance, clipped share, 5th–95th percentile range.</summary>
    public static Exposure FaceExposure(Mat gray, Rect face)
    {
        using var roi = new Mat(gray, face);
        using var hist = new Mat();
        Cv2.CalcHist([roi], [0], null, hist, 1, [256], [new Rangef(0, 256)]);
        hist.GetArray(out float[] h);
        var total = h.Sum();
        double Percentile(double p) { double c = 0; for (var i = 0; i < 256; i++) { c += h[i]; if (c >= p * total) return i; } return 255; }
        var clipped = (h.Take(25).Sum() + h.Skip(246).Sum()) / total;
        return new Exposure(Cv2.Mean(roi).Val0, clipped, Percentile(0.95) - Percentile(0.05));
    }

    /// <summary>Mean luminance difference between the cheeks (阴阳脸): regions below each eye, above the mouth corners.</summary>
    public static double CheekImbalance(Mat gray, Face f)
    {
        var size = (int)Math.Max(6, f.Box.Width * 0.14);
        Rect Cheek(Point2f eye, Point2f mouth) =>
            new Rect((int)(eye.X - size / 2.0), (int)((eye.Y + mouth.Y) / 2 - size / 2.0), size, size).Intersect(new Rect(0, 0, gray.Width, gray.Height));
        var left = Cheek(f.RightEye, f.MouthRight);
        var right = Cheek(f.LeftEye, f.MouthLeft);
        if (left.Width < 2 || right.Width < 2) return 0;
        using var l = new Mat(gray, left);
        using var r = new Mat(gray, right);
        return Math.Abs(Cv2.Mean(l).Val0 - Cv2.Mean(r).Val0);
    }

    /// <summary>The shoulder band: the bottom 15 % of rows, central third to two thirds.</summary>
    public static Rect ShoulderBand(Size s) => new(s.Width / 3, (int)(s.Height * 0.85), s.Width / 3, s.Height - (int)(s.Height * 0.85) - 2);
}

/// <summary>Signs of a synthetic background: a fringe around the head whose colour is not a blend of hair and background.</summary>
public static class HaloMeasure
{
    /// <summary>Mean ΔE*ab of the pixels just outside the head from the hair–background blend line (0 when it cannot be measured).</summary>
    public static double FringeOffset(Mat lab, Rect2f face, ColourScience.Lab background)
    {
        // Half resolution: the fringe is a few pixels wide either way, and this runs on every photo.
        var bottom = (int)Math.Min(lab.Height, face.Bottom);
        using var full = new Mat(lab, new Rect(0, 0, lab.Width, Math.Max(2, bottom)));
        using var region = full.Resize(new Size(), 0.5, 0.5, InterpolationFlags.Area);
        using var mask = DistanceMask(region, background, 25);
        using var kernel = Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(3, 3));
        using var outer = new Mat();
        using var inner = new Mat();
        Cv2.Dilate(mask, outer, kernel);
        Cv2.Erode(mask, inner, kernel);
        using var ring = new Mat();
        using var edge = new Mat();
        Cv2.Subtract(outer, mask, ring);
        Cv2.Subtract(mask, inner, edge);
        if (Cv2.CountNonZero(ring) < 20 || Cv2.CountNonZero(edge) < 20) return 0;
        var person = ColourScience.Mean(region, edge);
        var pixels = region.AsSpan<Vec3f>();
        var inRing = ring.AsSpan<byte>();
        double sum = 0;
        var n = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            if (inRing[i] == 0) continue;
            sum += DistanceToSegment(new ColourScience.Lab(pixels[i].Item0, pixels[i].Item1, pixels[i].Item2), background, person);
            n++;
        }
        return sum / n;
    }

    /// <summary>255 where a pixel's ΔE*ab from <paramref name="colour"/> exceeds <paramref name="threshold"/>.</summary>
    public static Mat DistanceMask(Mat lab, ColourScience.Lab colour, double threshold)
    {
        using var diff = new Mat();
        Cv2.Subtract(lab, new Scalar(colour.L, colour.A, colour.B), diff);
        using var squared = diff.Mul(diff).ToMat();
        var planes = squared.Split();
        using var sum = new Mat();
        Cv2.Add(planes[0], planes[1], sum);
        Cv2.Add(sum, planes[2], sum);
        foreach (var p in planes) p.Dispose();
        var mask = new Mat();
        Cv2.Threshold(sum, sum, threshold * threshold, 255, ThresholdTypes.Binary);
        sum.ConvertTo(mask, MatType.CV_8UC1);
        return mask;
    }

    private static double DistanceToSegment(ColourScience.Lab p, ColourScience.Lab a, ColourScience.Lab b)
    {
        double dx = b.L - a.L, dy = b.A - a.A, dz = b.B - a.B;
        var len = dx * dx + dy * dy + dz * dz;
        var t = len == 0 ? 0 : Math.Clamp(((p.L - a.L) * dx + (p.A - a.A) * dy + (p.B - a.B) * dz) / len, 0, 1);
        return p.DeltaE(new ColourScience.Lab(a.L + t * dx, a.A + t * dy, a.B + t * dz));
    }
}
