using System.Collections.Concurrent;
using System.Net;

namespace ImageCollection.Testing;

/// <summary>
/// A collector's OTLP/HTTP endpoint in miniature: keeps every export request's body (protobuf) by path
/// (<c>/v1/traces</c>, <c>/v1/metrics</c>, <c>/v1/logs</c>) and answers 200. Tests look for ids in the bytes (a trace id
/// is 16 raw bytes in OTLP, a span id 8), which needs no protobuf schema.
/// </summary>
public sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(string Path, byte[] Body)> _received = new();

    public OtlpReceiver()
    {
        Port = FreePort.Next();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _ = Task.Run(ServeAsync);
    }

    public int Port { get; }
    public string Endpoint => $"http://127.0.0.1:{Port}";

    public IReadOnlyList<byte[]> Bodies(string path) => _received.Where(r => r.Path == path).Select(r => r.Body).ToList();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException) { return; }
            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            _received.Enqueue((context.Request.Url!.AbsolutePath, body.ToArray()));
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close();
        }
    }

    public static bool Contains(byte[] body, ReadOnlySpan<byte> bytes) => body.AsSpan().IndexOf(bytes) >= 0;

    public void Dispose() => _listener.Close();
}
