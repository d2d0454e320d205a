using ImageCollection.Core.Photos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace ImageCollection.Core.Storage;

public static class StorageRegistration
{
    public const string ResiliencePipeline = "storage";
    public const string HttpClientName = "storage";

    public static IHostApplicationBuilder AddObjectStore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => new StorageWriteGate(
            sp.GetRequiredService<IOptions<PhotosOptions>>().Value.MaxConcurrentStorageWrites));
        // The whole request (not only headers) may take a while for a large upload: the attempt timeout bounds it.
        builder.Services.AddHttpClient(HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan);
        builder.Services.AddResiliencePipeline(ResiliencePipeline, p => p
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromMilliseconds(200),
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                ShouldHandle = new PredicateBuilder().Handle<ObjectStoreUnavailableException>()
                    .Handle<HttpRequestException>().Handle<TimeoutRejectedException>(),
            })
            .AddTimeout(TimeSpan.FromSeconds(60)));
        builder.Services.AddSingleton<IObjectStore, MinioObjectStore>();
        builder.Services.AddSingleton<MultipartUploads>();
        builder.Services.AddHostedService<BucketInitializer>();
        return builder;
    }
}
