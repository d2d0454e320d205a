using ImageCollection.Core.Photos;

namespace ImageCollection.Api.Features.Photos;

public static class PhotosSetup
{
    public static WebApplicationBuilder AddPhotos(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<PhotosOptions>().BindConfiguration(PhotosOptions.Section)
            .Validate(o => o.MaxUploadBytes > 0 && o.MaxPixels > 0 && o.MaxConcurrentStorageWrites > 0,
                "Photos:MaxUploadBytes, Photos:MaxPixels and Photos:MaxConcurrentStorageWrites must be positive.")
            .ValidateOnStart();
        builder.Services.AddOptions<ReviewOptions>().BindConfiguration(ReviewOptions.Section)
            .Validate(o => o.ClaimLease > TimeSpan.Zero, "Review:ClaimLease must be positive.").ValidateOnStart();
        builder.Services.AddSingleton<PhotoIntake>();
        return builder;
    }
}
