using System.Collections.Concurrent;
using ImageCollection.Core.Photos;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace ImageCollection.Worker.Compliance;

/// <summary>A face found by YuNet: its box, five landmarks (right eye = image left) and score, in image pixels.</summary>
public sealed record Face(Rect2f Box, Point2f RightEye, Point2f LeftEye, Point2f Nose, Point2f MouthRight, Point2f MouthLeft, float Score)
{
    public Point2f EyeMidpoint => new((RightEye.X + LeftEye.X) / 2, (RightEye.Y + LeftEye.Y) / 2);
    public double RollDegrees => Math.Atan2(LeftEye.Y - RightEye.Y, LeftEye.X - RightEye.X) * 180 / Math.PI;
}

/// <summary>
/// YuNet through OpenCV's FaceDetectorYN. A detector is not thread-safe and its input size is fixed when it is made, so
/// detectors are pooled per size. Images are scaled to at most 640 px and padded to a multiple of 32 (few sizes);
/// coordinates come back in the image's pixels.
/// </summary>
public sealed class FaceDetector : IDisposable
{
    private const int DetectionSize = 640;
    private readonly ConcurrentDictionary<Size, ConcurrentBag<FaceDetectorYN>> _pools = new();
    private readonly string _modelPath;

    public FaceDetector(IOptions<PhotosOptions> options)
    {
        _modelPath = FaceModel.Resolve(options.Value.FaceModelPath);
    }

    public IReadOnlyList<Face> Detect(Mat bgr, float scoreThreshold)
    {
        var scale = Math.Min(1.0, (double)DetectionSize / Math.Max(bgr.Width, bgr.Height));
        using var scaled = scale < 1 ? bgr.Resize(new Size(), scale, scale, InterpolationFlags.Area) : bgr.Clone();
        var size = new Size((scaled.Width + 31) / 32 * 32, (scaled.Height + 31) / 32 * 32);
        using var input = new Mat();
        Cv2.CopyMakeBorder(scaled, input, 0, size.Height - scaled.Height, 0, size.Width - scaled.Width, BorderTypes.Constant, Scalar.Black);
        var pool = _pools.GetOrAdd(size, _ => new ConcurrentBag<FaceDetectorYN>());
        var detector = pool.TryTake(out var d) ? d : FaceDetectorYN.Create(_modelPath, "", size, 0.5f, 0.3f, 5000);
        try
        {
            using var faces = new Mat();
            detector.Detect(input, faces);
            var found = new List<Face>();
            var rows = faces.Rows;
            for (var i = 0; i < rows; i++)
            {
                float F(int c) => faces.At<float>(i, c) / (float)scale;
                var score = faces.At<float>(i, 14);
                if (score < scoreThreshold) continue;
                found.Add(new Face(new Rect2f(F(0), F(1), F(2), F(3)), new Point2f(F(4), F(5)), new Point2f(F(6), F(7)),
                    new Point2f(F(8), F(9)), new Point2f(F(10), F(11)), new Point2f(F(12), F(13)), score));
            }
            return found.OrderByDescending(f => f.Box.Width * f.Box.Height).ToList();
        }
        finally
        {
            pool.Add(detector);
        }
    }

    public void Dispose()
    {
        foreach (var pool in _pools.Values)
            while (pool.TryTake(out var d)) d.Dispose();
    }
}

/// <summary>Finds the face model: the configured path, else ../shared/models/yunet beside the repository.</summary>
public static class FaceModel
{
    public const string DefaultRelative = "../shared/models/yunet/yunet_n_640_640.onnx";

    public static string Resolve(string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(configured) ? Path.GetFullPath(configured)
                : throw new FileNotFoundException($"Photos:FaceModelPath points at {configured}, which does not exist.", configured);
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ImageCollection.sln")))
                {
                    var candidate = Path.GetFullPath(Path.Combine(dir.FullName, DefaultRelative));
                    if (File.Exists(candidate)) return candidate;
                }
        throw new FileNotFoundException(
            $"The YuNet face model was not found: set Photos:FaceModelPath, or place yunet_n_640_640.onnx at {DefaultRelative} from the repository root " +
            "(upstream: ShiqiYu/libfacedetection.train onnx/yunet_n_640_640.onnx, sha256 25a606a1…0e31).");
    }
}
