using System.Buffers;
using System.Runtime.CompilerServices;
using ImageCollection.Core.Storage;

namespace ImageCollection.Worker.Delivery;

/// <summary>
/// Objects read from S3 a few at a time ahead of the writer, handed over in order (each derivative is at most 40 KB).
/// Each is read into a pooled buffer that goes back to the pool when the writer asks for the next one: a 10,000-photo
/// package reuses a few dozen buffers instead of making 800 MB of garbage.
/// </summary>
public static class PhotoFetch
{
    public const int Window = 16;

    /// <summary>The bytes handed over are valid until the next item is asked for.</summary>
    public static async IAsyncEnumerable<(T Item, ReadOnlyMemory<byte> Bytes)> InOrderAsync<T>(IObjectStore store, IReadOnlyList<T> items,
        Func<T, string> key, [EnumeratorCancellation] CancellationToken ct)
    {
        var pending = new Queue<(T Item, Task<PooledBuffer> Bytes)>();
        var next = 0;
        try
        {
            while (next < items.Count || pending.Count > 0)
            {
                while (next < items.Count && pending.Count < Window)
                {
                    var item = items[next++];
                    pending.Enqueue((item, ReadAsync(store, key(item), ct)));
                }
                var (done, bytes) = pending.Dequeue();
                using var buffer = await bytes;
                yield return (done, buffer.Memory);
            }
        }
        finally
        {
            // Stopped early (a failure, a cancellation): the reads still running give their buffers back when they end.
            while (pending.TryDequeue(out var left))
                _ = left.Bytes.ContinueWith(t => t.Result.Dispose(), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion,
                    TaskScheduler.Default);
        }
    }

    private static async Task<PooledBuffer> ReadAsync(IObjectStore store, string key, CancellationToken ct)
    {
        var buffer = new PooledBuffer();
        try
        {
            await store.GetAsync(key, buffer, ct);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>A growable stream over an array from the shared pool; seekable, so a failed read can be rewound and retried.</summary>
    private sealed class PooledBuffer : Stream
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(64 * 1024);
        private int _length, _position;

        public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _length);

        public override bool CanRead => false;
        public override bool CanSeek => true;
        public override bool CanWrite => true;
        public override long Length => _length;

        public override long Position
        {
            get => _position;
            set => _position = value >= 0 && value <= _length ? (int)value : throw new ArgumentOutOfRangeException(nameof(value));
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var end = _position + buffer.Length;
            if (end > _array.Length)
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(end, _array.Length * 2));
                _array.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_array);
                _array = larger;
            }
            buffer.CopyTo(_array.AsSpan(_position));
            _position = end;
            _length = Math.Max(_length, end);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }

        public override void SetLength(long value)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, _length);
            _length = (int)value;
            _position = Math.Min(_position, _length);
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Flush() { }

        protected override void Dispose(bool disposing)
        {
            if (disposing && _array.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(_array);
                _array = [];
                _length = _position = 0;
            }
            base.Dispose(disposing);
        }
    }
}
