using System.Security.Cryptography;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Storage;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Worker.Platform;

public sealed class StorageCheckJob(AppDbContext db, IObjectStore store, TimeProvider clock, ILogger<StorageCheckJob> logger) : IStorageCheckJob
{
    public async Task RunAsync(Guid checkId, CancellationToken cancellationToken)
    {
        var check = await db.StorageChecks.SingleOrDefaultAsync(c => c.Id == checkId, cancellationToken);
        if (check is null || check.Status != StorageCheckStatus.Queued) return;

        var worker = $"worker {Environment.MachineName}:{Environment.ProcessId}";
        var key = $"system/storage-checks/{checkId:N}";
        var payload = RandomNumberGenerator.GetBytes(256 * 1024);
        try
        {
            await store.PutAsync(key, new MemoryStream(payload), payload.Length, "application/octet-stream", cancellationToken);
            var stat = await store.StatAsync(key, cancellationToken);
            using var read = new MemoryStream();
            await store.GetAsync(key, read, cancellationToken);
            await store.DeleteAsync(key, cancellationToken);
            var same = stat?.Size == payload.Length && SHA256.HashData(read.ToArray()).SequenceEqual(SHA256.HashData(payload));
            check.Complete(same, same ? $"{worker}: wrote, read back and deleted {payload.Length} bytes" : $"{worker}: read back different bytes",
                clock.GetUtcNow());
        }
        catch (ObjectStoreUnavailableException e)
        {
            logger.LogWarning(e, "Storage check {CheckId} failed", checkId);
            check.Complete(false, $"{worker}: {e.InnerException?.Message ?? e.Message}", clock.GetUtcNow());
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
