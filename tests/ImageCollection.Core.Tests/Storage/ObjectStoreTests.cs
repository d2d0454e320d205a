using System.Security.Cryptography;
using ImageCollection.Core.Storage;
using ImageCollection.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageCollection.Core.Tests.Storage;

/// <summary>The object store against a real S3 server (s3rver) on loopback.</summary>
public sealed class ObjectStoreTests : IAsyncLifetime
{
    private IHost _host = null!;
    private IObjectStore _store = null!;

    public async Task InitializeAsync()
    {
        var s3 = await S3Server.SharedAsync();
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Endpoint"] = s3.Endpoint,
            ["Storage:AccessKey"] = S3Server.AccessKey,
            ["Storage:SecretKey"] = S3Server.SecretKey,
            ["Storage:Bucket"] = "store" + Guid.NewGuid().ToString("N")[..12],
        });
        builder.AddObjectStore();
        _host = builder.Build();
        _store = _host.Services.GetRequiredService<IObjectStore>();
        await _store.EnsureBucketAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await CastAndDispose(_host);

    private static async Task CastAndDispose(IHost host)
    {
        if (host is IAsyncDisposable d) await d.DisposeAsync(); else host.Dispose();
    }

    [Fact]
    public async Task Put_stat_get_presigned_get_and_delete_round_trip()
    {
        var bytes = RandomNumberGenerator.GetBytes(3 * 1024 * 1024 + 17);
        var key = $"originals/{Guid.NewGuid():N}.jpg";

        var stored = await _store.PutAsync(key, new MemoryStream(bytes), bytes.Length, "image/jpeg", CancellationToken.None);
        var stat = await _store.StatAsync(key, CancellationToken.None);
        using var read = new MemoryStream();
        await _store.GetAsync(key, read, CancellationToken.None);
        var url = await _store.PresignedGetAsync(key, TimeSpan.FromMinutes(5), CancellationToken.None);
        using var http = new HttpClient();
        var viaUrl = await http.GetByteArrayAsync(url);

        Assert.Equal(bytes.Length, stored.Size);
        Assert.Equal(bytes.Length, stat!.Size);
        Assert.Equal("image/jpeg", stat.ContentType);
        Assert.Equal(bytes, read.ToArray());
        Assert.Equal(bytes, viaUrl);

        await _store.DeleteAsync(key, CancellationToken.None);
        Assert.Null(await _store.StatAsync(key, CancellationToken.None));
        await _store.DeleteAsync(key, CancellationToken.None); // deleting again is not an error
    }

    [Fact]
    public async Task A_stream_shorter_than_its_declared_length_is_not_stored()
    {
        var key = $"originals/{Guid.NewGuid():N}.jpg";
        await Assert.ThrowsAnyAsync<Exception>(() =>
            _store.PutAsync(key, new NonSeekable(new byte[1000]), 5000, "image/jpeg", CancellationToken.None));
        Assert.Null(await _store.StatAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task A_missing_object_has_no_stat()
    {
        Assert.Null(await _store.StatAsync("nothing/here", CancellationToken.None));
    }

    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
