using ImageCollection.Core.Photos;

namespace ImageCollection.Worker.Compliance;

public static class ComplianceRegistration
{
    /// <summary>The photo checker and its face detector (singletons: the checker is thread-safe, detectors are pooled).</summary>
    public static IHostApplicationBuilder AddPhotoCompliance(this IHostApplicationBuilder builder)
    {
        builder.AddPhotosOptions()
            .Validate(o => TryResolve(o.FaceModelPath), "Photos:FaceModelPath: the YuNet model was not found (see README: Photo checks).");
        builder.Services.AddSingleton<FaceDetector>();
        builder.Services.AddSingleton<PhotoChecker>();
        return builder;
    }

    private static bool TryResolve(string? path)
    {
        try { FaceModel.Resolve(path); return true; }
        catch (FileNotFoundException) { return false; }
    }
}
