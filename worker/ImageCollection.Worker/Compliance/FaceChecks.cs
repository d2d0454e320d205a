using ImageCollection.Core.Photos;
using OpenCvSharp;
using static ImageCollection.Worker.Compliance.CheckCodes;
using static ImageCollection.Worker.Compliance.PhotoChecker;

namespace ImageCollection.Worker.Compliance;

/// <summary>The rules that need the one face of a normalised 480×640 photo: geometry, background, clothing, sharpness, exposure.</summary>
public static class FaceChecks
{
    public static readonly string[] Codes =
    [
        "geometry.eye_line", "geometry.head_top", "geometry.face_width", "geometry.centring", "geometry.roll", "background.colour",
        "background.uniformity", "clothing.contrast", "clothing.colour", "sharpness.face", "exposure.face", "lighting.balance", "background.halo",
    ];

    public static IEnumerable<CheckResult> Run(Mat image, Face face, ComplianceThresholds t, PhotoCheckOverrides? overrides)
    {
        using var lab = ColourScience.ToLab(image);
        using var gray = image.CvtColor(ColorConversionCodes.BGR2GRAY);
        var results = new List<CheckResult>();
        void Add(string code, bool ok, string value, string range, bool soft = false) =>
            results.Add(Result(code, ok ? CheckVerdict.Pass : soft ? CheckVerdict.Flag : CheckVerdict.Fail, value, range));

        var eyes = face.EyeMidpoint;
        Add("geometry.eye_line", eyes.Y >= t.EyeLineMin && eyes.Y <= t.EyeLineMax, $"{F(eyes.Y)} px", $"{t.EyeLineMin}–{t.EyeLineMax} px");
        var regions = ImageMeasures.BackgroundRegions(image.Size(), face.Box);
        var background = ImageMeasures.Background(lab, regions);
        var headTop = ImageMeasures.HeadTop(lab, face.Box, background.Mean);
        Add("geometry.head_top", headTop >= t.HeadTopMin && headTop <= t.HeadTopMax, $"{headTop} px", $"{t.HeadTopMin}–{t.HeadTopMax} px");
        Add("geometry.face_width", face.Box.Width >= t.FaceWidthMin && face.Box.Width <= t.FaceWidthMax, $"{F(face.Box.Width)} px",
            $"{t.FaceWidthMin}–{t.FaceWidthMax} px");
        var centre = t.Width / 2.0;
        var offset = Math.Max(Math.Abs(eyes.X - centre), Math.Abs(face.Box.X + face.Box.Width / 2 - centre));
        Add("geometry.centring", offset <= t.CentringTolerance, $"{F(offset)} px off centre", $"≤ {t.CentringTolerance} px");
        Add("geometry.roll", Math.Abs(face.RollDegrees) <= t.RollMaxDegrees, $"{F(face.RollDegrees)}°", $"≤ {F(t.RollMaxDegrees)}°");

        var allowed = overrides?.AllowedBackgrounds is { Count: > 0 } a ? a : ["light_blue"];
        var (nearest, deltaE) = allowed.Where(ColourScience.Backgrounds.ContainsKey)
            .Select(name => (name, ColourScience.Backgrounds[name].DeltaE(background.Mean))).MinBy(p => p.Item2);
        Add("background.colour", deltaE <= t.BackgroundDeltaEMax, $"ΔE {F(deltaE)} from {nearest}",
            $"ΔE ≤ {F(t.BackgroundDeltaEMax)} from {string.Join("/", allowed)}");
        Add("background.uniformity", background.LightnessStd <= t.BackgroundLightnessStdMax && background.Gradient <= t.BackgroundGradientMax,
            $"L* std {F(background.LightnessStd)}, gradient {F(background.Gradient)}",
                $"std ≤ {F(t.BackgroundLightnessStdMax)}, gradient ≤ {F(t.BackgroundGradientMax)}");

        var band = ImageMeasures.ShoulderBand(image.Size());
        using (var shoulders = new Mat(lab, band))
        {
            var clothing = ColourScience.Mean(shoulders);
            var contrast = clothing.DeltaE(background.Mean);
            Add("clothing.contrast", contrast >= t.ClothingContrastMin, $"ΔE {F(contrast)}", $"≥ {F(t.ClothingContrastMin)}");
            var hue = Math.Atan2(clothing.B, clothing.A) * 180 / Math.PI;
            var chroma = Math.Sqrt(clothing.A * clothing.A + clothing.B * clothing.B);
            var yellowGreen = chroma > 20 && hue is > 70 and < 150; // CIELAB hue angle of yellows and greens, near skin tones
            Add("clothing.colour", !yellowGreen, $"hue {F(hue)}°, chroma {F(chroma)}", "not yellow or green", soft: true);
        }

        var faceArea = ImageMeasures.Clip(face.Box, image.Size());
        var sharpness = ImageMeasures.Sharpness(gray, faceArea);
        Add("sharpness.face", sharpness >= t.SharpnessMin, $"Laplacian variance {F(sharpness)}", $"≥ {F(t.SharpnessMin)}");
        var exposure = ImageMeasures.FaceExposure(gray, faceArea);
        Add("exposure.face", exposure.Mean >= t.FaceLuminanceMin && exposure.Mean <= t.FaceLuminanceMax && exposure.ClippedShare <= t.ClippedShareMax
                             && exposure.DynamicRange >= t.DynamicRangeMin,
            $"mean {F(exposure.Mean)}, clipped {F(exposure.ClippedShare * 100)} %, range {F(exposure.DynamicRange)}",
            $"mean {F(t.FaceLuminanceMin)}–{F(t.FaceLuminanceMax)}, clipped ≤ {F(t.ClippedShareMax * 100)} %, range ≥ {F(t.DynamicRangeMin)}");
        var imbalance = ImageMeasures.CheekImbalance(gray, face);
        Add("lighting.balance", imbalance <= t.CheekBalanceMax, $"{F(imbalance)}", $"≤ {F(t.CheekBalanceMax)}", soft: true);
        var fringe = HaloMeasure.FringeOffset(lab, face.Box, background.Mean);
        Add("background.halo", fringe <= t.HaloFringeMax, $"fringe ΔE {F(fringe)}", $"≤ {F(t.HaloFringeMax)}", soft: true);
        return results;
    }
}
