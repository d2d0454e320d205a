using System.Buffers.Binary;

namespace ImageCollection.Testing;

/// <summary>Files as probes send them: JPEG headers that lie, hide or stop short. Made byte by byte, without an encoder.</summary>
public static class CraftedFiles
{
    /// <summary>
    /// A baseline JPEG whose frame header says <paramref name="width"/>×<paramref name="height"/>, after
    /// <paramref name="commentBytes"/> bytes of COM segments, with a token scan and (unless cut) an end-of-image marker.
    /// </summary>
    public static byte[] Jpeg(int width, int height, int commentBytes = 0, bool complete = true)
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        while (commentBytes > 0)
        {
            var chunk = Math.Min(commentBytes, 65000);
            bytes.AddRange([0xFF, 0xFE]);
            bytes.AddRange(BigEndian((ushort)(chunk + 2)));
            bytes.AddRange(Enumerable.Repeat((byte)'x', chunk));
            commentBytes -= chunk;
        }
        bytes.AddRange([0xFF, 0xC0, 0x00, 0x11, 0x08]);
        bytes.AddRange(BigEndian((ushort)height));
        bytes.AddRange(BigEndian((ushort)width));
        bytes.AddRange([0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
        bytes.AddRange([0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x11, 0x03, 0x11, 0x00, 0x3F, 0x00]);
        bytes.AddRange(Enumerable.Repeat((byte)0x55, 512));
        if (complete) bytes.AddRange([0xFF, 0xD9]);
        return bytes.ToArray();
    }

    /// <summary>A JPEG signature followed by something else entirely.</summary>
    public static byte[] JpegSignatureThen(string text) => [0xFF, 0xD8, 0xFF, 0xE0, .. System.Text.Encoding.ASCII.GetBytes(text)];

    /// <summary>A PNG header (IHDR) of the given size and nothing else.</summary>
    public static byte[] PngHeader(int width, int height, int length = 64)
    {
        var png = new byte[Math.Max(length, 8)];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);
        if (length >= 24)
        {
            new byte[] { 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(png, 8);
            BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
            BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        }
        return png[..length];
    }

    private static byte[] BigEndian(ushort value)
    {
        var b = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, value);
        return b;
    }
}
