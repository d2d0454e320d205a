using ImageCollection.Core.Photos;
using ImageCollection.Testing;
using OpenCvSharp;

namespace ImageCollection.Core.Tests.Photos;

/// <summary>The header sniffer the API uses to refuse bad uploads at once, without decoding them.</summary>
public sealed class ImageHeaderTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(RepoPaths.SharedFile("fixtures", "faces", name));

    [Theory]
    [InlineData("matplotlib_grace_hopper.jpg", ImageKind.Jpeg, 512, 600, 3)]
    [InlineData("facedetect_grace_hopper_512x512.jpg", ImageKind.Jpeg, 512, 512, 3)] // progressive (SOF2)
    [InlineData("visp_solvay_conference_1927_2126x1463.jpg", ImageKind.Jpeg, 2126, 1463, 3)]
    [InlineData("skimage_astronaut_eileen_collins.png", ImageKind.Png, 512, 512, 3)]
    [InlineData("skimage_camera_lav_varshney.png", ImageKind.Png, 512, 512, 1)]
    public void Reads_type_dimensions_and_components_of_real_files(string file, ImageKind kind, int width, int height, int components)
    {
        var header = ImageHeader.Read(Fixture(file));
        Assert.Equal((kind, width, height, components, 8), (header.Kind, header.Width, header.Height, header.Components, header.BitsPerSample));
    }

    [Fact]
    public void Reads_a_jpeg_whose_frame_header_comes_after_exif()
    {
        using var image = new Mat(640, 480, MatType.CV_8UC3, Scalar.Gray);
        var jpeg = image.ImEncode(".jpg");
        var exif = new byte[] { 0xFF, 0xE1, 0x10, 0x02 }.Concat(new byte[0x1000]).ToArray();
        var header = ImageHeader.Read(jpeg.Take(2).Concat(exif).Concat(jpeg.Skip(2)).ToArray());
        Assert.Equal((480, 640), (header.Width, header.Height));
    }

    [Theory]
    [InlineData("GIF89a\x10\x00\x20\x00", ImageKind.Gif)]
    [InlineData("RIFF\0\0\0\0WEBPVP8 ", ImageKind.WebP)]
    [InlineData("%PDF-1.7 hello", ImageKind.Unknown)]
    [InlineData("", ImageKind.Unknown)]
    public void Recognises_other_images_and_non_images(string start, ImageKind kind) =>
        Assert.Equal(kind, ImageHeader.Read(System.Text.Encoding.Latin1.GetBytes(start)).Kind);
}
