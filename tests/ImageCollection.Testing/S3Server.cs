namespace ImageCollection.Testing;

/// <summary>
/// A real S3-compatible server (npm s3rver, installed and patched by infra/test.sh) on a free loopback port in a
/// temporary folder. One is shared per test process (each test class uses its own bucket); a test that takes
/// storage down starts its own.
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    public const string AccessKey = "S3RVER", SecretKey = "S3RVER", Region = "us-east-1";
    private static readonly Lazy<Task<S3Server>> SharedServer = new(() => StartAsync());
    private readonly string _folder;
    private ChildProcess? _process;

    private S3Server(string folder, int port)
    {
        _folder = folder;
        Port = port;
    }

    public int Port { get; }
    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Where s3rver keeps the objects of a bucket on disk (one file per object, under its key).</summary>
    public string BucketFolder(string bucket) => Path.Combine(_folder, "s3", bucket);

    public static Task<S3Server> SharedAsync() => SharedServer.Value;

    public static async Task<S3Server> StartAsync()
    {
        var server = new S3Server(TestFolder.Create(), FreePort.Next());
        await server.RunAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server;
    }

    /// <summary>Stops the server (the port stays ours); <see cref="RunAsync"/> starts it again on the same data.</summary>
    public async Task StopAsync()
    {
        if (_process is not null) await _process.DisposeAsync();
        _process = null;
    }

    public async Task RunAsync()
    {
        var script = Path.Combine(RepoPaths.Root, "infra", "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
            throw new InvalidOperationException($"{script} is missing: run infra/test.sh (npm ci in infra/ installs the pinned s3rver).");
        var bucketJs = Path.Combine(RepoPaths.Root, "infra", "node_modules", "s3rver", "lib", "controllers", "bucket.js");
        if (!File.ReadAllText(bucketJs).Contains("http://s3.amazonaws.com/doc/2006-03-01/"))
            throw new InvalidOperationException("s3rver is not patched (wrong XML namespace): run npm ci in infra/ so patch-package applies infra/patches.");
        var data = Path.Combine(_folder, "s3");
        Directory.CreateDirectory(data);
        _process = ChildProcess.Start("s3rver", "node", [script, "-d", data, "-a", "127.0.0.1", "-p", Port.ToString(), "--silent"], new Dictionary<string,
            string?>());
        File.WriteAllText(Path.Combine(_folder, "s3.pid"), _process.Pid.ToString());
        await FreePort.WaitUntilListeningAsync(Port, TimeSpan.FromSeconds(20), () => _process.Output);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
