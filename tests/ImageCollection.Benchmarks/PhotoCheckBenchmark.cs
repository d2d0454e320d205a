using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Photos;
using ImageCollection.Testing;
using ImageCollection.Worker.Compliance;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace ImageCollection.Benchmarks;

/// <summary>
/// One 480×640 photo end to end: decode, face detection, every check, the derivative (encoding under 40 KB) and the
/// perceptual hash, on one thread. Run: dotnet run -c Release --project tests/ImageCollection.Benchmarks -- --filter '*PhotoCheck*'
/// </summary>
[Config(typeof(Settings))]
public class PhotoCheckBenchmark
{
    private PhotoChecker _checker = null!;
    private FaceDetector _detector = null!;
    private byte[] _photo = [];

    private sealed class Settings : ManualConfig
    {
        public Settings() => AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(20));
    }

    [GlobalSetup]
    public void Setup()
    {
        Cv2.SetNumThreads(1); // one core, as the target says
        var options = Options.Create(new PhotosOptions());
        _detector = new FaceDetector(options);
        _checker = new PhotoChecker(_detector, options);
        using var source = Cv2.ImRead(RepoPaths.SharedFile("fixtures", "faces", "matplotlib_grace_hopper.jpg"), ImreadModes.Color);
        var face = _detector.Detect(source, 0.7f).Single();
        var scale = 210 / face.Box.Width;
        using var affine = new Mat(2, 3, MatType.CV_64FC1);
        affine.Set(0, 0, (double)scale); affine.Set(0, 1, 0.0); affine.Set(0, 2, (double)(240 - face.EyeMidpoint.X * scale));
        affine.Set(1, 0, 0.0); affine.Set(1, 1, (double)scale); affine.Set(1, 2, (double)(270 - face.EyeMidpoint.Y * scale));
        using var photo = new Mat();
        Cv2.WarpAffine(source, photo, affine, new Size(480, 640), InterpolationFlags.Cubic, BorderTypes.Replicate);
        _photo = photo.ImEncode(".jpg", [(int)ImwriteFlags.JpegQuality, 90]);
        _checker.Check(_photo); // loads the model and the pooled detector
    }

    [Benchmark]
    public CheckOutcome CheckOne480x640Photo() => _checker.Check(_photo).Verdict;

    [GlobalCleanup]
    public void Cleanup() => _detector.Dispose();
}
