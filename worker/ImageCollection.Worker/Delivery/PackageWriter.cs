using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ImageCollection.Core.Documents;
using ImageCollection.Core.Storage;

namespace ImageCollection.Worker.Delivery;

/// <summary>
/// A zip written straight into an S3 multipart upload as its entries come (stored, not deflated: JPEGs do not
/// shrink), never whole in memory or on disk. Each entry's SHA-256 is kept for the package's SHA256SUMS.
/// </summary>
public sealed class PackageWriter : IAsyncDisposable
{
    private readonly ObjectUpload _upload;
    private readonly ZipArchive _zip;
    private readonly List<(string Name, string Sha256)> _sums = [];
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private bool _closed;

    private PackageWriter(ObjectUpload upload, ZipArchive zip)
    {
        _upload = upload;
        _zip = zip;
    }

    public static async Task<PackageWriter> OpenAsync(ObjectUpload upload, CancellationToken ct) =>
        new(upload, await ZipArchive.CreateAsync(upload, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8, ct));

    /// <summary>A name not yet in the package: the same name again gets "-2", "-3", … before its extension.</summary>
    public string Unique(string name)
    {
        if (_names.Add(name)) return name;
        var (stem, ext) = (Path.ChangeExtension(name, null), Path.GetExtension(name));
        for (var i = 2; ; i++)
            if (_names.Add($"{stem}-{i}{ext}")) return $"{stem}-{i}{ext}";
    }

    /// <summary>Adds a file under a name <see cref="Unique"/> gave (or a fixed one); returns its SHA-256 (hex).</summary>
    public async Task<string> AddAsync(string name, ReadOnlyMemory<byte> content, CancellationToken ct, bool listed = true)
    {
        _names.Add(name);
        var entry = _zip.CreateEntry(name, CompressionLevel.NoCompression);
        entry.LastWriteTime = DateTimeOffset.UtcNow;
        await using (var stream = await entry.OpenAsync(ct))
            await stream.WriteAsync(content, ct);
        var sha = Convert.ToHexStringLower(SHA256.HashData(content.Span));
        if (listed) _sums.Add((name, sha));
        return sha;
    }

    public Task<string> AddTextAsync(string name, string text, CancellationToken ct) => AddAsync(name, Encoding.UTF8.GetBytes(text), ct);

    /// <summary>
    /// A table (manifest, not-collected list) written into its entry as its rows come, hashed on the way: a
    /// 10,000-row manifest.xlsx is never whole in memory (it was a 20 MB buffer on the large-object heap).
    /// </summary>
    public async Task<string> AddTableAsync(string name, IEnumerable<IDictionary<string, object?>> rows, TableFormat format, CancellationToken ct)
    {
        _names.Add(name);
        var entry = _zip.CreateEntry(name, CompressionLevel.NoCompression);
        entry.LastWriteTime = DateTimeOffset.UtcNow;
        using var sha = SHA256.Create();
        await using (var stream = await entry.OpenAsync(ct))
        await using (var hashing = new CryptoStream(stream, sha, CryptoStreamMode.Write, leaveOpen: true))
            await Tables.WriteAsync(hashing, rows, format, ct);
        var hex = Convert.ToHexStringLower(sha.Hash!);
        _sums.Add((name, hex));
        return hex;
    }

    /// <summary>Writes SHA256SUMS (sha256sum's format: <c>sha256sum -c SHA256SUMS</c> checks the unpacked folder) and closes the zip.</summary>
    public async Task<(long Size, string Sha256)> CompleteAsync(CancellationToken ct)
    {
        var sums = string.Concat(_sums.Select(s => $"{s.Sha256}  {s.Name}\n"));
        await AddAsync("SHA256SUMS", Encoding.UTF8.GetBytes(sums), ct, listed: false);
        await _zip.DisposeAsync();
        _closed = true;
        return await _upload.CompleteAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            _closed = true;
            try { await _zip.DisposeAsync(); } catch (Exception) { /* the upload is aborted anyway */ }
            try { await _upload.AbortAsync(CancellationToken.None); } catch (Exception) { /* the next attempt aborts it again */ }
        }
        await _upload.DisposeAsync();
    }
}
