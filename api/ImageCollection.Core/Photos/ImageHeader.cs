using System.Buffers.Binary;

namespace ImageCollection.Core.Photos;

public enum ImageKind { Unknown, Jpeg, Png, Gif, Bmp, WebP, Heif }

/// <summary>
/// What a file's header says: the format, and the dimensions and components where the format states them at a known
/// place. Dimensions of 0 mean they could not be read (no frame header, a truncated file): such a file is refused,
/// never taken for a small image.
/// </summary>
public sealed record ImageHeader(ImageKind Kind, int Width, int Height, int Components, int BitsPerSample)
{
    /// <summary>Enough of the start of a file to recognise every format here and read all but JPEG's dimensions.</summary>
    private const int LeadBytes = 32;

    public long Pixels => (long)Width * Height;
    public bool IsImage => Kind != ImageKind.Unknown;
    /// <summary>Width and height were found (a JPEG whose frame header is missing has none).</summary>
    public bool HasDimensions => Width > 0 && Height > 0;

    /// <summary>Reads the header of a whole file in memory, wherever in it the JPEG frame header is.</summary>
    public static ImageHeader Read(ReadOnlySpan<byte> file)
    {
        var lead = Lead(file[..Math.Min(file.Length, LeadBytes)]);
        if (lead.Kind != ImageKind.Jpeg) return lead;
        long i = 2;
        while (i + 4 <= file.Length)
        {
            var step = JpegStep(file[(int)i..Math.Min(file.Length, (int)i + 10)], out var frame);
            if (frame is not null) return frame;
            if (step <= 0) break;
            i += step;
        }
        return lead;
    }

    /// <summary>
    /// Reads the header of a seekable stream (a spooled upload) by walking JPEG segments with seeks: a frame header
    /// after megabytes of comments or EXIF is found without reading those megabytes. The position is left anywhere.
    /// </summary>
    public static async Task<ImageHeader> ReadAsync(Stream file, CancellationToken ct)
    {
        var buffer = new byte[LeadBytes];
        file.Position = 0;
        var n = await file.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct);
        var lead = Lead(buffer.AsSpan(0, n));
        if (lead.Kind != ImageKind.Jpeg) return lead;
        long i = 2;
        while (i + 4 <= file.Length)
        {
            file.Position = i;
            n = await file.ReadAtLeastAsync(buffer.AsMemory(0, 10), 10, throwOnEndOfStream: false, ct);
            var step = JpegStep(buffer.AsSpan(0, n), out var frame);
            if (frame is not null) return frame;
            if (step <= 0) break;
            i += step;
        }
        return lead;
    }

    /// <summary>How much of a file's end <see cref="EndsWithEndOfImage"/> looks at.</summary>
    public const int TailBytes = 4096;

    /// <summary>
    /// A complete JPEG ends with its end-of-image marker (FFD9), possibly followed by zero padding; one cut off in
    /// transfer does not. Given the last bytes of the file (up to <see cref="TailBytes"/>).
    /// </summary>
    public static bool EndsWithEndOfImage(ReadOnlySpan<byte> tail)
    {
        var end = tail.Length;
        while (end > 2 && tail[end - 1] == 0) end--;
        return end >= 2 && tail[end - 2] == 0xFF && tail[end - 1] == 0xD9;
    }

    private static ImageHeader Lead(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 3 && head[0] == 0xFF && head[1] == 0xD8 && head[2] == 0xFF) return new ImageHeader(ImageKind.Jpeg, 0, 0, 0, 0);
        if (head.Length >= 8 && head[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
        {
            // IHDR: width and height (4 bytes each, at most 2^31 - 1), bit depth, colour type.
            if (head.Length < 26) return new ImageHeader(ImageKind.Png, 0, 0, 0, 0);
            var colourType = head[25];
            var components = colourType switch { 0 => 1, 2 => 3, 3 => 3, 4 => 2, 6 => 4, _ => 0 };
            var width = BinaryPrimitives.ReadInt32BigEndian(head[16..]);
            var height = BinaryPrimitives.ReadInt32BigEndian(head[20..]);
            return width <= 0 || height <= 0
                ? new ImageHeader(ImageKind.Png, 0, 0, components, head[24])
                : new ImageHeader(ImageKind.Png, width, height, components, head[24]);
        }
        if (head.Length >= 10 && (head[..6].SequenceEqual("GIF87a"u8) || head[..6].SequenceEqual("GIF89a"u8)))
            return new ImageHeader(ImageKind.Gif, BinaryPrimitives.ReadUInt16LittleEndian(head[6..]), BinaryPrimitives.ReadUInt16LittleEndian(head[8..]), 3, 8);
        if (head.Length >= 2 && head[0] == 'B' && head[1] == 'M')
        {
            if (head.Length < 26) return new ImageHeader(ImageKind.Bmp, 0, 0, 0, 0);
            var width = BinaryPrimitives.ReadInt32LittleEndian(head[18..]);
            // A negative height means top-down rows; int.MinValue has no positive counterpart and is no image.
            var height = BinaryPrimitives.ReadInt32LittleEndian(head[22..]);
            var valid = width > 0 && height is not 0 and not int.MinValue;
            return new ImageHeader(ImageKind.Bmp, valid ? width : 0, valid ? Math.Abs(height) : 0, 3, 8);
        }
        if (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
            return new ImageHeader(ImageKind.WebP, 0, 0, 3, 8);
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && (head[8..12].SequenceEqual("heic"u8) || head[8..12].SequenceEqual("mif1"u8)))
            return new ImageHeader(ImageKind.Heif, 0, 0, 3, 8);
        return new ImageHeader(ImageKind.Unknown, 0, 0, 0, 0);
    }

    /// <summary>
    /// One step of the JPEG marker walk at the start of <paramref name="b"/> (up to 10 bytes): the frame header (SOFn)
    /// when it is there, else how far to the next marker; 0 when the walk must stop (scan data before any frame
    /// header, or a file that ends).
    /// </summary>
    private static long JpegStep(ReadOnlySpan<byte> b, out ImageHeader? frame)
    {
        frame = null;
        if (b.Length < 2) return 0;
        if (b[0] != 0xFF) return 1; // stray byte between segments
        var marker = b[1];
        if (marker == 0xFF) return 1; // fill byte
        if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7)) return 2; // markers without a length
        if (marker is 0xDA or 0xD9 || b.Length < 4) return 0;
        var length = BinaryPrimitives.ReadUInt16BigEndian(b[2..]);
        if (length < 2) return 0;
        var isFrame = marker is >= 0xC0 and <= 0xCF && marker is not (0xC4 or 0xC8 or 0xCC);
        if (isFrame)
        {
            if (b.Length < 10) return 0;
            int height = BinaryPrimitives.ReadUInt16BigEndian(b[5..]), width = BinaryPrimitives.ReadUInt16BigEndian(b[7..]);
            frame = width == 0 || height == 0
                ? new ImageHeader(ImageKind.Jpeg, 0, 0, b[9], b[4])
                : new ImageHeader(ImageKind.Jpeg, width, height, b[9], b[4]);
            return 0;
        }
        return 2 + length;
    }
}
