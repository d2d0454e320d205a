using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ImageCollection.Core.Storage;

/// <summary>Creates the bucket at start-up; while the store is down it keeps trying (readiness reports it meanwhile).</summary>
public sealed class BucketInitializer(IObjectStore store, ILogger<BucketInitializer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await store.EnsureBucketAsync(stoppingToken);
                return;
            }
            catch (ObjectStoreUnavailableException e)
            {
                logger.LogWarning(e, "Object store not reachable; retrying bucket creation in {Delay}", delay);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(30, delay.TotalSeconds * 2));
            }
        }
    }
}
