using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ImageCollection.Core.Photos;

public static class PhotosRegistration
{
    /// <summary>Section <c>Photos</c>, bound and checked once for both hosts (the worker adds the face model's check).</summary>
    public static OptionsBuilder<PhotosOptions> AddPhotosOptions(this IHostApplicationBuilder builder) =>
        builder.Services.AddOptions<PhotosOptions>().BindConfiguration(PhotosOptions.Section)
            .Validate(o => o.MaxUploadBytes > 0 && o.MaxPixels > 0 && o.MaxConcurrentStorageWrites > 0 && o.MaxCheckAttempts > 0,
                "Photos:MaxUploadBytes, Photos:MaxPixels, Photos:MaxConcurrentStorageWrites and Photos:MaxCheckAttempts must be positive.")
            .ValidateOnStart();
}
