using ImageCollection.Testing;
using OpenCvSharp;

namespace ImageCollection.Benchmarks;

/// <summary>
/// The photo the upload load run sends: a compliant photo of a real face enlarged to 1500×2000 with fine sensor-like
/// noise, encoded as a JPEG of about 2 MB (a phone camera's file, not a prepared 40 KB one).
/// </summary>
public static class UploadPhoto
{
    public static int Write(string path, int targetBytes = 2 * 1024 * 1024)
    {
        using var photos = new TestPhotos();
        using var small = photos.Compliant();
        using var large = new Mat();
        Cv2.Resize(small, large, new Size(1500, 2000), interpolation: InterpolationFlags.Cubic);
        using var noise = new Mat(large.Size(), MatType.CV_16SC3);
        byte[] bytes = [];
        for (var sigma = 2.0; sigma < 40; sigma *= 1.25)
        {
            Cv2.Randn(noise, Scalar.All(0), Scalar.All(sigma));
            using var noisy = new Mat();
            large.ConvertTo(noisy, MatType.CV_16SC3);
            Cv2.Add(noisy, noise, noisy);
            noisy.ConvertTo(noisy, MatType.CV_8UC3);
            bytes = noisy.ImEncode(".jpg", new ImageEncodingParam(ImwriteFlags.JpegQuality, 92));
            if (bytes.Length >= targetBytes) break;
        }
        File.WriteAllBytes(path, bytes);
        Console.WriteLine($"{path}: {bytes.Length} bytes, 1500x2000");
        return 0;
    }
}
