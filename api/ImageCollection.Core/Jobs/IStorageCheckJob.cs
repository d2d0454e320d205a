namespace ImageCollection.Core.Jobs;

/// <summary>Writes, reads back and deletes an object, and records the outcome on the <c>StorageCheck</c> row.</summary>
public interface IStorageCheckJob
{
    Task RunAsync(Guid checkId, CancellationToken cancellationToken);
}
