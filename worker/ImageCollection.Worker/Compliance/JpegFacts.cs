using System.Buffers.Binary;
using ImageCollection.Core.Photos;
using MetadataExtractor;
using MetadataExtractor.Formats.Exif;

namespace ImageCollection.Worker.Compliance;

/// <summary>What the JPEG file itself says: complete or truncated, estimated quality, density, EXIF orientation and software.</summary>
public sealed record JpegFacts(bool Complete, int? Quality, int? Dpi, int Orientation, string? Software)
{
    // The libjpeg luminance table (quality 50), in zig-zag order as DQT stores it.
    private static readonly int[] StandardLuminance =
    [
        16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61, 60, 57, 51,
        56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87, 95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99,
    ];

    public static JpegFacts Read(byte[] file)
    {
        var complete = file.Length >= 4 && ImageHeader.EndsWithEndOfImage(file.AsSpan(Math.Max(0, file.Length - ImageHeader.TailBytes)));
        var (quality, dpi) = Markers(file);
        var (orientation, software) = Exif(file);
        return new JpegFacts(complete, quality, dpi, orientation, software);
    }

    private static (int? Quality, int? Dpi) Markers(byte[] b)
    {
        int? quality = null, dpi = null;
        var i = 2;
        while (i + 4 <= b.Length && b[i] == 0xFF)
        {
            var marker = b[i + 1];
            if (marker == 0xDA) break;
            var length = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 2));
            if (marker == 0xE0 && length >= 14 && i + 16 <= b.Length && b.AsSpan(i + 4, 5).SequenceEqual("JFIF\0"u8))
            {
                var units = b[i + 11];
                var x = BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 12));
                dpi = units == 1 ? x : units == 2 ? (int)Math.Round(x * 2.54) : null;
            }
            if (marker == 0xDB && quality is null && i + 5 + 64 <= b.Length && (b[i + 4] & 0x0F) == 0)
            {
                var sixteenBit = (b[i + 4] >> 4) != 0;
                double sum = 0;
                for (var k = 0; k < 64; k++)
                    sum += (sixteenBit ? BinaryPrimitives.ReadUInt16BigEndian(b.AsSpan(i + 5 + 2 * k)) : b[i + 5 + k]) * 100.0 / StandardLuminance[k];
                var scale = sum / 64; // libjpeg: scale = q < 50 ? 5000 / q : 200 - 2q
                quality = (int)Math.Round(Math.Clamp(scale <= 100 ? (200 - scale) / 2 : 5000 / scale, 1, 100));
            }
            i += 2 + length;
        }
        return (quality, dpi);
    }

    private static (int Orientation, string? Software) Exif(byte[] file)
    {
        try
        {
            var directories = JpegMetadataReaderShim.Read(file);
            var ifd0 = directories.OfType<ExifIfd0Directory>().FirstOrDefault();
            var orientation = ifd0 is not null && ifd0.TryGetInt32(ExifDirectoryBase.TagOrientation, out var o) ? o : 1;
            return (orientation, ifd0?.GetDescription(ExifDirectoryBase.TagSoftware));
        }
        catch (Exception e) when (e is ImageProcessingException or IOException or ArgumentException)
        {
            return (1, null);
        }
    }
}

internal static class JpegMetadataReaderShim
{
    public static IReadOnlyList<MetadataExtractor.Directory> Read(byte[] file)
    {
        using var stream = new MemoryStream(file, writable: false);
        return MetadataExtractor.Formats.Jpeg.JpegMetadataReader.ReadMetadata(stream);
    }
}
