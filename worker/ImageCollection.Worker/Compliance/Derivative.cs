using OpenCvSharp;
using OpenCvSharp.ImgHash;

namespace ImageCollection.Worker.Compliance;

/// <summary>The normalised JPEG CHSI receives, and the perceptual hash duplicate checks compare.</summary>
public static class Derivative
{
    public const int MaxBytes = 40 * 1024, MinQuality = 60, MaxQuality = 95;

    /// <summary>The highest JPEG quality ≥ 60 that keeps the file within 40 KB (the standard's file), else quality 60.</summary>
    public static (byte[] Jpeg, int Quality) Encode(Mat bgr)
    {
        byte[] Jpeg(int q) => bgr.ImEncode(".jpg", [(int)ImwriteFlags.JpegQuality, q]);
        var best = Jpeg(MinQuality);
        if (best.Length > MaxBytes) return (best, MinQuality);
        int lo = MinQuality, hi = MaxQuality, chosen = MinQuality;
        while (lo <= hi)
        {
            var mid = (lo + hi) / 2;
            var candidate = Jpeg(mid);
            if (candidate.Length <= MaxBytes) { best = candidate; chosen = mid; lo = mid + 1; }
            else hi = mid - 1;
        }
        return (best, chosen);
    }

    /// <summary>DCT perceptual hash (64 bits) as 16 hex characters.</summary>
    public static string PerceptualHash(Mat bgr)
    {
        using var hasher = PHash.Create();
        using var hash = new Mat();
        hasher.Compute(bgr, hash);
        hash.GetArray(out byte[] bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <summary>Hamming distance between two hashes of <see cref="PerceptualHash"/>.</summary>
    public static int Distance(string a, string b)
    {
        var x = Convert.FromHexString(a);
        var y = Convert.FromHexString(b);
        return x.Zip(y).Sum(p => System.Numerics.BitOperations.PopCount((uint)(p.First ^ p.Second)));
    }
}
