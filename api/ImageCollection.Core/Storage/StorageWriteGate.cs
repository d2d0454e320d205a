namespace ImageCollection.Core.Storage;

/// <summary>Caps concurrent S3 writes of this process (<c>Photos:MaxConcurrentStorageWrites</c>).</summary>
public sealed class StorageWriteGate(int maxConcurrentWrites) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(maxConcurrentWrites, maxConcurrentWrites);

    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken);
        return new Slot(_slots);
    }

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
