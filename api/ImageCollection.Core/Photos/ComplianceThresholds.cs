namespace ImageCollection.Core.Photos;

/// <summary>
/// Thresholds of the photo checks (section <c>Photos:Checks</c>). Each names its source: the standard
/// (《高等教育学历证书电子注册图像采集规范》, 教毕指〔2017〕99号, as quoted in school notices), BSI OFIQ (ISO/IEC 29794-5
/// reference), or a calibration measured on the test photos built from ../shared/fixtures/faces.
/// </summary>
public sealed class ComplianceThresholds
{
    // Standard: the final photo is 480 × 640 pixels, 3:4.
    public int Width { get; set; } = 480;
    public int Height { get; set; } = 640;
    /// <summary>Calibration: a larger upload within 2 % of 3:4 is resized, not cropped.</summary>
    public double AspectTolerance { get; set; } = 0.02;

    /// <summary>Calibration: YuNet scores of real faces in the fixtures are above 0.85; patterns and profiles are below 0.6.</summary>
    public double FaceScore { get; set; } = 0.7;

    // Standard: eye line 200–300 px from the top; head top 50–110 px; face width (cheek to cheek) 180–300 px.
    public int EyeLineMin { get; set; } = 200;
    public int EyeLineMax { get; set; } = 300;
    public int HeadTopMin { get; set; } = 50;
    public int HeadTopMax { get; set; } = 110;
    public int FaceWidthMin { get; set; } = 180;
    public int FaceWidthMax { get; set; } = 300;
    /// <summary>Standard: horizontally centred; tolerance set here at 5 % of the width (24 px).</summary>
    public int CentringTolerance { get; set; } = 24;
    /// <summary>Channels (瞳孔平行角度): start at 5°.</summary>
    public double RollMaxDegrees { get; set; } = 5;

    /// <summary>Calibration: mean |R−G|+|G−B| of colour portraits is above 8; grayscale content is below 2.</summary>
    public double ColourfulnessMin { get; set; } = 4;

    /// <summary>Calibration: CIELAB ΔE*ab of the measured background to the nearest allowed colour.</summary>
    public double BackgroundDeltaEMax { get; set; } = 18;
    /// <summary>Calibration (OFIQ background uniformity idea): std of L* over the background samples.</summary>
    public double BackgroundLightnessStdMax { get; set; } = 6;
    /// <summary>Calibration: difference of mean L* between background regions (top vs sides, left vs right): a gradient or shadow.</summary>
    public double BackgroundGradientMax { get; set; } = 8;

    /// <summary>Calibration: ΔE*ab between the shoulder band and the background below which clothing blends in.</summary>
    public double ClothingContrastMin { get; set; } = 20;

    /// <summary>Calibration: variance of the Laplacian over the face box; the fixtures' compliant photos score 46–580, blurred ones below 10.</summary>
    public double SharpnessMin { get; set; } = 30;

    // OFIQ-style exposure on the face box (8-bit luminance).
    public double FaceLuminanceMin { get; set; } = 70;
    public double FaceLuminanceMax { get; set; } = 210;
    /// <summary>OFIQ under/over-exposure: share of face pixels below 25 or above 245.</summary>
    public double ClippedShareMax { get; set; } = 0.10;
    /// <summary>OFIQ dynamic range: 5th to 95th percentile of face luminance.</summary>
    public double DynamicRangeMin { get; set; } = 50;

    /// <summary>Calibration: mean ΔE*ab of the fringe just outside the head from the hair–background blend; clean cut-outs score 4–8.</summary>
    public double HaloFringeMax { get; set; } = 14;

    /// <summary>Calibration: mean luminance difference between the left and right cheek (阴阳脸).</summary>
    public double CheekBalanceMax { get; set; } = 35;

    // Standard: the file is "usually 20–40 KB"; JPEG quality and 300 dpi are channel practice.
    public int FileKbMin { get; set; } = 20;
    public int FileKbMax { get; set; } = 40;
    public int JpegQualityMin { get; set; } = 60;
    public int Dpi { get; set; } = 300;

    /// <summary>Calibration: perceptual-hash distance (of 64 bits) at or below which two photos count as the same image.</summary>
    public int SameImageDistance { get; set; } = 6;
}
