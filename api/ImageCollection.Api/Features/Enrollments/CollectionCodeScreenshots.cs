using ImageCollection.Core.Domain;
using ImageCollection.Core.Identity;

namespace ImageCollection.Api.Features.Enrollments;

/// <summary>
/// Decodes collection-code screenshots a few at a time (at most half the cores of this replica), so that a flood of
/// screenshots queues here instead of taking every core and gigabytes of memory; a request that cannot get a turn
/// within a few seconds is answered 503 with Retry-After.
/// </summary>
public sealed class CollectionCodeScreenshots
{
    private static readonly TimeSpan QueueWait = TimeSpan.FromSeconds(3);
    private readonly SemaphoreSlim _turns = new(Math.Max(1, Environment.ProcessorCount / 2));

    public async Task<string> ReadAsync(byte[] image, CancellationToken ct)
    {
        if (QrCodeReader.Refusal(image) is { } refusal)
            throw new DomainException(DomainErrorKind.Unprocessable, "collection_code.unreadable", refusal);
        if (!await _turns.WaitAsync(QueueWait, ct))
            throw new TooManyRequestsException("collection_code.busy", "Too many screenshots are being read right now; try again in a moment.",
                TimeSpan.FromSeconds(5));
        try
        {
            return await Task.Run(() => QrCodeReader.TryRead(image), ct) ?? throw new DomainException(DomainErrorKind.Unprocessable,
                "collection_code.unreadable",
                "The QR code cannot be read from this image. Upload the saved collection-code image (保存的采集码图片) from CHSI, "
                + "not a photo or cropped screenshot of the screen.");
        }
        finally
        {
            _turns.Release();
        }
    }
}
