using OpenCvSharp;

namespace ImageCollection.Worker.Compliance;

/// <summary>CIELAB (D65) of 8-bit sRGB colours and regions, and ΔE*ab between them.</summary>
public static class ColourScience
{
    public readonly record struct Lab(double L, double A, double B)
    {
        public double DeltaE(Lab o) => Math.Sqrt((L - o.L) * (L - o.L) + (A - o.A) * (A - o.A) + (B - o.B) * (B - o.B));
    }

    /// <summary>The nominal backgrounds, as RGB: light blue (100,197,255), white, light grey (240,240,240).</summary>
    public static readonly IReadOnlyDictionary<string, Lab> Backgrounds = new Dictionary<string, Lab>
    {
        ["light_blue"] = FromRgb(100, 197, 255),
        ["white"] = FromRgb(255, 255, 255),
        ["light_grey"] = FromRgb(240, 240, 240),
    };

    public static Lab FromRgb(double r, double g, double b)
    {
        static double Linear(double c) { c /= 255; return c <= 0.04045 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4); }
        double R = Linear(r), G = Linear(g), B = Linear(b);
        var x = (0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.95047;
        var y = 0.2126 * R + 0.7152 * G + 0.0722 * B;
        var z = (0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.08883;
        static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : 7.787 * t + 16.0 / 116;
        return new Lab(116 * F(y) - 16, 500 * (F(x) - F(y)), 200 * (F(y) - F(z)));
    }

    /// <summary>Per-pixel L*a*b* of a BGR image as three float planes in true units (L 0–100).</summary>
    public static Mat ToLab(Mat bgr)
    {
        using var f = new Mat();
        bgr.ConvertTo(f, MatType.CV_32FC3, 1.0 / 255);
        var lab = new Mat();
        Cv2.CvtColor(f, lab, ColorConversionCodes.BGR2Lab);
        return lab;
    }

    public static Lab Mean(Mat lab, Mat? mask = null)
    {
        var m = mask is null ? Cv2.Mean(lab) : Cv2.Mean(lab, mask);
        return new Lab(m.Val0, m.Val1, m.Val2);
    }
}
