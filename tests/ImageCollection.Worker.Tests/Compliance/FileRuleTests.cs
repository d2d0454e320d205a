using System.Buffers.Binary;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Photos;
using ImageCollection.Testing;
using ImageCollection.Worker.Compliance;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace ImageCollection.Worker.Tests.Compliance;

/// <summary>The container rules, checked from the header before anything is decoded, and the soft file rules.</summary>
public sealed class FileRuleTests(TestPhotos photos) : IClassFixture<TestPhotos>
{
    [Fact]
    public void A_png_instead_of_a_jpeg_fails_format()
    {
        using var photo = photos.Compliant();
        var report = photos.Checker.Check(photo.ImEncode(".png"));
        report.AssertVerdict("container.format", CheckVerdict.Fail);
        Assert.Equal("PNG", report.Check("container.format").Value);
    }

    [Fact]
    public void A_truncated_jpeg_fails_decode()
    {
        using var photo = photos.Compliant();
        var jpeg = TestPhotos.Jpeg(photo);
        var report = photos.Checker.Check(jpeg[..(jpeg.Length / 2)]);
        report.AssertVerdict("container.decode", CheckVerdict.Fail);
        Assert.Equal(CheckOutcome.Rejected, report.Verdict);
    }

    [Fact]
    public void A_30000_by_30000_header_bomb_is_refused_from_its_header()
    {
        var header = new byte[64];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(header, 0);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(16), 30_000);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(20), 30_000);
        header[24] = 8; header[25] = 2;

        var sniffed = ImageHeader.Read(header);
        Assert.Equal((ImageKind.Png, 900_000_000L), (sniffed.Kind, sniffed.Pixels));
        var report = photos.Checker.Check(header);
        report.AssertVerdict("file.pixels", CheckVerdict.Fail);
        Assert.Equal("30000×30000", report.Check("file.pixels").Value);
    }

    [Fact]
    public void A_pixel_bomb_whose_frame_header_hides_behind_300_KB_of_comments_is_refused_before_decoding()
    {
        var report = photos.Checker.Check(CraftedFiles.Jpeg(16000, 16000, commentBytes: 300 * 1024));
        report.AssertVerdict("file.pixels", CheckVerdict.Fail);
        Assert.Equal("16000×16000", report.Check("file.pixels").Value);
    }

    [Fact]
    public void A_jpeg_without_readable_dimensions_is_refused_before_decoding()
    {
        var report = photos.Checker.Check(CraftedFiles.JpegSignatureThen("not really a photo"));
        report.AssertVerdict("container.decode", CheckVerdict.Fail);
        Assert.Equal("no readable dimensions", report.Check("container.decode").Value);
    }

    [Fact]
    public void A_file_over_the_size_limit_or_not_an_image_is_refused()
    {
        var small = new PhotoChecker(photos.Detector, Options.Create(new PhotosOptions { MaxUploadBytes = 1000 }));
        using var photo = photos.Compliant();
        small.Check(TestPhotos.Jpeg(photo)).AssertVerdict("file.size", CheckVerdict.Fail);
        var text = photos.Checker.Check("%PDF-1.7 not a photo"u8.ToArray());
        text.AssertVerdict("container.format", CheckVerdict.Fail);
        Assert.Equal("not an image", text.Check("container.format").Value);
    }

    [Fact]
    public void A_final_jpeg_at_96_dpi_or_from_a_beauty_app_is_flagged_for_review()
    {
        using var photo = photos.Compliant();
        var report = photos.Checker.Check(TestPhotos.WithExif(TestPhotos.WithDpi(TestPhotos.Jpeg(photo), 96), 1, "Meitu 9.6"));
        report.AssertVerdict("file.dpi", CheckVerdict.Flag);
        report.AssertVerdict("exif.editing_software", CheckVerdict.Flag);
        Assert.Equal(CheckOutcome.NeedsReview, report.Verdict);
    }

    [Fact]
    public void The_jpeg_quality_is_estimated_from_its_tables()
    {
        using var photo = photos.Compliant();
        foreach (var quality in new[] { 40, 75, 95 })
        {
            var facts = JpegFacts.Read(photo.ImEncode(".jpg", [(int)ImwriteFlags.JpegQuality, quality]));
            Assert.InRange(facts.Quality!.Value, quality - 2, quality + 2);
        }
    }

    [Fact]
    public void The_same_image_re_encoded_has_a_near_hash_and_another_person_a_far_one()
    {
        using var a = photos.Compliant();
        using var b = photos.Compliant("matplotlib_grace_hopper.jpg");
        var first = photos.Checker.Check(TestPhotos.Jpeg(a)).PHash!;
        var again = photos.Checker.Check(a.ImEncode(".jpg", [(int)ImwriteFlags.JpegQuality, 60])).PHash!;
        var other = photos.Checker.Check(TestPhotos.Jpeg(b)).PHash!;
        Assert.InRange(Derivative.Distance(first, again), 0, 6);
        Assert.True(Derivative.Distance(first, other) > 12);
    }
}
