using System.Buffers.Binary;

namespace ImageCollection.Core.Photos;

public enum ImageKind { Unknown, Jpeg, Png, Gif, Bmp, WebP, Heif }

/// <summary>What the first bytes of an upload say: the format, and for JPEG and PNG the dimensions and components.</summary>
public sealed record ImageHeader(ImageKind Kind, int Width, int Height, int Components, int BitsPerSample)
{
    /// <summary>How much of a file the sniffer needs: JPEG markers (EXIF, tables) come before the frame header.</summary>
    public const int SniffBytes = 256 * 1024;

    public long Pixels => (long)Width * Height;
    public bool IsImage => Kind != ImageKind.Unknown;

    /// <summary>Reads the header without decoding (or allocating) the image.</summary>
    public static ImageHeader Read(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return Jpeg(head);
        if (head.Length >= 24 && head[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            var colourType = head[25];
            var components = colourType switch { 0 => 1, 2 => 3, 3 => 3, 4 => 2, 6 => 4, _ => 0 };
            return new ImageHeader(ImageKind.Png, BinaryPrimitives.ReadInt32BigEndian(head[16..]), BinaryPrimitives.ReadInt32BigEndian(head[20..]),
                components, head[24]);
        }
        if (head.Length >= 10 && (head[..6].SequenceEqual("GIF87a"u8) || head[..6].SequenceEqual("GIF89a"u8)))
            return new ImageHeader(ImageKind.Gif, BinaryPrimitives.ReadUInt16LittleEndian(head[6..]), BinaryPrimitives.ReadUInt16LittleEndian(head[8..]), 3, 8);
        if (head.Length >= 26 && head[0] == 'B' && head[1] == 'M')
            return new ImageHeader(ImageKind.Bmp, BinaryPrimitives.ReadInt32LittleEndian(head[18..]), Math.Abs(BinaryPrimitives.ReadInt32LittleEndian(head[22..])), 3, 8);
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
            return new ImageHeader(ImageKind.WebP, 0, 0, 3, 8);
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && (head[8..12].SequenceEqual("heic"u8) || head[8..12].SequenceEqual("mif1"u8)))
            return new ImageHeader(ImageKind.Heif, 0, 0, 3, 8);
        return new ImageHeader(ImageKind.Unknown, 0, 0, 0, 0);
    }

    /// <summary>Walks the JPEG markers to the frame header (SOFn): precision, height, width, components.</summary>
    private static ImageHeader Jpeg(ReadOnlySpan<byte> b)
    {
        var i = 2;
        while (i + 4 <= b.Length)
        {
            if (b[i] != 0xFF) { i++; continue; }
            var marker = b[i + 1];
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7) or 0xFF) { i += marker == 0xFF ? 1 : 2; continue; }
            var length = BinaryPrimitives.ReadUInt16BigEndian(b[(i + 2)..]);
            var isFrame = marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC);
            if (isFrame && i + 10 <= b.Length)
                return new ImageHeader(ImageKind.Jpeg, BinaryPrimitives.ReadUInt16BigEndian(b[(i + 7)..]),
                    BinaryPrimitives.ReadUInt16BigEndian(b[(i + 5)..]), b[i + 9], b[i + 4]);
            if (marker == 0xDA) break; // scan data before any frame header: not a usable JPEG
            i += 2 + length;
        }
        return new ImageHeader(ImageKind.Jpeg, 0, 0, 0, 0);
    }
}
