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

    [Fact]
    public async Task Finds_the_frame_header_behind_megabytes_of_comments_reading_only_segment_headers()
    {
        var file = CraftedFiles.Jpeg(16000, 16000, commentBytes: 3 * 1024 * 1024);
        Assert.Equal((16000, 16000), (ImageHeader.Read(file).Width, ImageHeader.Read(file).Height));
        await using var counting = new CountingStream(file);
        var header = await ImageHeader.ReadAsync(counting, CancellationToken.None);
        Assert.Equal((ImageKind.Jpeg, 256_000_000L), (header.Kind, header.Pixels));
        Assert.True(counting.BytesRead < 4096, $"read {counting.BytesRead} bytes");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 640)]
    public void A_jpeg_frame_of_zero_size_has_no_dimensions(int width, int height)
    {
        var header = ImageHeader.Read(CraftedFiles.Jpeg(width, height));
        Assert.Equal(ImageKind.Jpeg, header.Kind);
        Assert.False(header.HasDimensions);
    }

    [Fact]
    public void A_jpeg_without_a_frame_header_has_no_dimensions()
    {
        var header = ImageHeader.Read(CraftedFiles.JpegSignatureThen("<?php system($_GET['c']); ?>"));
        Assert.Equal(ImageKind.Jpeg, header.Kind);
        Assert.False(header.HasDimensions);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(25)]
    [InlineData(9)]
    public void A_png_cut_inside_its_header_has_no_dimensions_and_does_not_throw(int length) =>
        Assert.False(ImageHeader.Read(CraftedFiles.PngHeader(480, 640, length)).HasDimensions);

    [Fact]
    public void A_bmp_header_with_the_smallest_height_does_not_throw()
    {
        var bmp = new byte[54];
        bmp[0] = (byte)'B'; bmp[1] = (byte)'M';
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(18), 480);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bmp.AsSpan(22), int.MinValue);
        var header = ImageHeader.Read(bmp);
        Assert.Equal(ImageKind.Bmp, header.Kind);
        Assert.False(header.HasDimensions);
    }

    [Fact]
    public void The_end_of_image_marker_tells_a_complete_jpeg_from_a_cut_one()
    {
        Assert.True(ImageHeader.EndsWithEndOfImage(CraftedFiles.Jpeg(480, 640)));
        Assert.True(ImageHeader.EndsWithEndOfImage([.. CraftedFiles.Jpeg(480, 640), 0, 0, 0]));
        Assert.False(ImageHeader.EndsWithEndOfImage(CraftedFiles.Jpeg(480, 640, complete: false)));
    }

    /// <summary>A seekable stream that counts what is read from it.</summary>
    private sealed class CountingStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Count(base.Read(buffer, offset, count));
        public override int Read(Span<byte> buffer) => Count(base.Read(buffer));
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Count(base.Read(buffer.Span)));

        private int Count(int n)
        {
            BytesRead += n;
            return n;
        }
    }

    [Theory]
    [InlineData("GIF89a\x10\x00\x20\x00", ImageKind.Gif)]
    [InlineData("RIFF\0\0\0\0WEBPVP8 ", ImageKind.WebP)]
    [InlineData("%PDF-1.7 hello", ImageKind.Unknown)]
    [InlineData("", ImageKind.Unknown)]
    public void Recognises_other_images_and_non_images(string start, ImageKind kind) =>
        Assert.Equal(kind, ImageHeader.Read(System.Text.Encoding.Latin1.GetBytes(start)).Kind);
}
