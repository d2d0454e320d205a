using ImageCollection.Core.Domain;
using ImageCollection.Testing;
using ImageCollection.Worker.Compliance;
using OpenCvSharp;

namespace ImageCollection.Worker.Tests.Compliance;

/// <summary>Compliant photos made from real faces pass; each variant breaks one rule and fails it, with its measured value.</summary>
public sealed class PhotoCheckerTests(TestPhotos photos) : IClassFixture<TestPhotos>
{
    private PhotoCheckReport Check(Mat photo, PhotoCheckOverrides? overrides = null) => photos.Checker.Check(TestPhotos.Jpeg(photo), overrides);

    [Theory]
    [InlineData("skimage_astronaut_eileen_collins.png")]
    [InlineData("matplotlib_grace_hopper.jpg")]
    [InlineData("facedetect_grace_hopper_512x512.jpg")]
    public void Compliant_photos_of_real_faces_pass_every_hard_rule(string fixture)
    {
        using var photo = photos.Compliant(fixture);
        var report = Check(photo);

        Assert.True(report.Verdict == CheckOutcome.Passed, string.Join("\n", report.Checks.Where(c => c.Verdict is CheckVerdict.Fail or CheckVerdict.Flag)));
        Assert.InRange(report.Number("geometry.eye_line"), 200, 300);
        Assert.InRange(report.Number("geometry.head_top"), 50, 110);
        Assert.InRange(report.Number("geometry.face_width"), 180, 300);
        Assert.InRange(report.Number("geometry.centring"), 0, 24);
        Assert.InRange(Math.Abs(report.Number("geometry.roll")), 0, 5);
        Assert.InRange(report.Number("background.colour"), 0, 5);
        Assert.True(report.Number("colour.grayscale") > 20);
        Assert.True(report.Number("sharpness.face") > 30);
        Assert.Equal(CheckVerdict.NotEvaluated, report.Check("eyes.open").Verdict);
        Assert.Matches("^[0-9a-f]{16}$", report.PHash);
        using var derivative = Cv2.ImDecode(report.NormalisedJpeg!, ImreadModes.Color);
        Assert.Equal((480, 640), (derivative.Width, derivative.Height));
        Assert.InRange(report.NormalisedJpeg!.Length, 1, 40 * 1024);
    }

    [Fact]
    public void A_white_background_fails_when_light_blue_is_required_and_passes_where_white_is_allowed()
    {
        using var photo = photos.Compliant(background: new Scalar(255, 255, 255));
        var blueOnly = Check(photo);
        blueOnly.AssertVerdict("background.colour", CheckVerdict.Fail);
        Assert.True(blueOnly.Number("background.colour") > 30);

        var whiteAllowed = Check(photo, new PhotoCheckOverrides(["light_blue", "white"]));
        whiteAllowed.AssertVerdict("background.colour", CheckVerdict.Pass);
        Assert.Contains("white", whiteAllowed.Check("background.colour").Value);
    }

    [Fact]
    public void A_red_background_fails_colour()
    {
        using var photo = photos.Compliant(background: new Scalar(40, 40, 220));
        var report = Check(photo);
        report.AssertVerdict("background.colour", CheckVerdict.Fail);
        Assert.True(report.Number("background.colour") > 80);
    }

    [Fact]
    public void A_gradient_background_fails_uniformity()
    {
        using var gradient = new Mat(640, 480, MatType.CV_8UC3);
        for (var y = 0; y < 640; y++) Cv2.Line(gradient, new Point(0, y), new Point(479, y), new Scalar(255 - y * 0.15, 197 - y * 0.18, 100 - y * 0.1));
        using var photo = photos.Over(gradient);
        var report = Check(photo);
        report.AssertVerdict("background.uniformity", CheckVerdict.Fail);
        Assert.True(report.Number("background.uniformity", 1) > 8); // the gradient between regions, in L*
    }

    [Fact]
    public void A_grayscale_photo_fails_colour()
    {
        using var photo = photos.Compliant();
        using var gray = photo.CvtColor(ColorConversionCodes.BGR2GRAY).CvtColor(ColorConversionCodes.GRAY2BGR);
        var report = Check(gray);
        report.AssertVerdict("colour.grayscale", CheckVerdict.Fail);
        Assert.True(report.Number("colour.grayscale") < 1);
    }

    [Fact]
    public void A_single_channel_jpeg_fails_channels()
    {
        using var photo = photos.Compliant();
        using var gray = photo.CvtColor(ColorConversionCodes.BGR2GRAY);
        var report = photos.Checker.Check(TestPhotos.WithDpi(gray.ImEncode(".jpg", [(int)ImwriteFlags.JpegQuality, 80]), 300));
        report.AssertVerdict("container.channels", CheckVerdict.Fail);
        Assert.Equal("1 × 8-bit", report.Check("container.channels").Value);
    }

    [Fact]
    public void A_blurred_photo_fails_sharpness()
    {
        using var photo = photos.Compliant();
        using var blurred = photo.GaussianBlur(new Size(0, 0), 3);
        var report = Check(blurred);
        report.AssertVerdict("sharpness.face", CheckVerdict.Fail);
        Assert.True(report.Number("sharpness.face") < 10);
    }

    [Fact]
    public void Dark_and_blown_out_photos_fail_exposure()
    {
        using var photo = photos.Compliant();
        using var dark = new Mat();
        photo.ConvertTo(dark, -1, 0.35, 0);
        var darkReport = Check(dark);
        darkReport.AssertVerdict("exposure.face", CheckVerdict.Fail);
        Assert.True(darkReport.Number("exposure.face") < 70);

        using var bright = new Mat();
        photo.ConvertTo(bright, -1, 1.6, 60);
        var brightReport = Check(bright);
        brightReport.AssertVerdict("exposure.face", CheckVerdict.Fail);
        Assert.True(brightReport.Number("exposure.face", 1) > 10); // clipped share, %
    }

    [Fact]
    public void A_roll_of_ten_degrees_fails()
    {
        using var photo = photos.Compliant();
        using var rotated = new Mat();
        Cv2.WarpAffine(photo, rotated, Cv2.GetRotationMatrix2D(new Point2f(240, 270), -10, 1), new Size(480, 640), InterpolationFlags.Linear,
            BorderTypes.Replicate);
        var report = Check(rotated);
        report.AssertVerdict("geometry.roll", CheckVerdict.Fail);
        Assert.InRange(Math.Abs(report.Number("geometry.roll")), 8, 16);
    }

    [Theory]
    [InlineData(150, 240, 280, "geometry.face_width", 140, 160)]
    [InlineData(320, 240, 270, "geometry.face_width", 310, 340)]
    [InlineData(210, 300, 270, "geometry.centring", 50, 70)]
    [InlineData(210, 240, 330, "geometry.eye_line", 310, 350)]
    [InlineData(210, 240, 230, "geometry.head_top", 0, 49)]
    public void Geometry_out_of_range_fails_with_the_measured_value(int faceWidth, int eyeX, int eyeY, string code, double min, double max)
    {
        using var photo = photos.Compliant(faceWidth: faceWidth, eyeX: eyeX, eyeY: eyeY);
        var report = Check(photo);
        report.AssertVerdict(code, CheckVerdict.Fail);
        Assert.InRange(report.Number(code), min, max);
    }

    [Fact]
    public void Clothing_the_colour_of_the_background_fails_contrast()
    {
        using var photo = photos.Compliant();
        photo[new Rect(100, 560, 280, 80)].SetTo(new Scalar(240, 190, 95)); // a blue top, near the light blue background
        var report = Check(photo);
        report.AssertVerdict("clothing.contrast", CheckVerdict.Fail);
        Assert.True(report.Number("clothing.contrast") < 20);
    }

    [Fact]
    public void Two_faces_or_none_fail_face_count()
    {
        using var photo = photos.Compliant();
        using var other = photos.Compliant("matplotlib_grace_hopper.jpg");
        using var small = other[new Rect(90, 120, 300, 300)].Resize(new Size(150, 150));
        small.CopyTo(photo[new Rect(320, 470, 150, 150)]);
        var two = Check(photo);
        two.AssertVerdict("face.count", CheckVerdict.Fail);
        Assert.Equal("2", two.Check("face.count").Value);

        using var empty = new Mat(640, 480, MatType.CV_8UC3, TestPhotos.LightBlue);
        var none = Check(empty);
        Assert.Equal("0", none.Check("face.count").Value);
        Assert.Equal(CheckOutcome.Rejected, none.Verdict);
    }

    [Fact]
    public void A_wrong_size_that_cannot_be_normalised_fails_and_a_larger_3_to_4_photo_is_normalised()
    {
        using var photo = photos.Compliant();
        using var square = photo[new Rect(0, 0, 480, 480)].Resize(new Size(600, 600));
        var wrong = photos.Checker.Check(square.ImEncode(".jpg"));
        wrong.AssertVerdict("geometry.size", CheckVerdict.Fail);
        Assert.Equal("600×600", wrong.Check("geometry.size").Value);
        Assert.Null(wrong.NormalisedJpeg);

        using var large = photo.Resize(new Size(960, 1280), 0, 0, InterpolationFlags.Cubic);
        var normalised = photos.Checker.Check(large.ImEncode(".jpg", [(int)ImwriteFlags.JpegQuality, 92]));
        Assert.Equal(CheckOutcome.Passed, normalised.Verdict);
        Assert.StartsWith("resized from 960×1280 to 480×640", normalised.Normalisation);
        Assert.Equal(CheckVerdict.NotEvaluated, normalised.Check("file.size_kb").Verdict); // the derivative is what counts
    }

    [Fact]
    public void The_exif_orientation_is_honoured()
    {
        using var photo = photos.Compliant();
        using var stored = new Mat();
        Cv2.Rotate(photo, stored, RotateFlags.Rotate90Counterclockwise); // orientation 6: display rotated 90° clockwise
        var report = photos.Checker.Check(TestPhotos.WithExif(TestPhotos.Jpeg(stored), 6));
        Assert.Contains("orientation 6", report.Check("container.decode").Value);
        report.AssertVerdict("geometry.size", CheckVerdict.Pass);
        report.AssertVerdict("face.count", CheckVerdict.Pass);
    }
}
