using Npgsql;

namespace ImageCollection.Testing;

/// <summary>
/// A real PostgreSQL cluster on a free loopback port in a temporary folder, one per test process (each test class
/// gets its own database). Started as the unprivileged postgres user when the tests run as root.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> SharedServer = new(StartAsync);
    private readonly string _bin;

    private PostgresServer(string bin, string dataDir, int port)
    {
        _bin = bin;
        DataDir = dataDir;
        Port = port;
    }

    public string DataDir { get; }
    public int Port { get; }

    public static Task<PostgresServer> SharedAsync() => SharedServer.Value;

    /// <summary>A new empty database; returns its Npgsql connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(60, prefix.Length + 33)].ToLowerInvariant();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=50;Timeout=30";

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinDir();
        var folder = TestFolder.Create();
        var data = Path.Combine(folder, "pg");
        Directory.CreateDirectory(data);
        if (ExternalCommand.IsRoot) await ExternalCommand.RunAsync("chown", ["-R", "postgres:", folder]);
        await ExternalCommand.RunAsync(Path.Combine(bin, "initdb"),
            ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync"], asPostgresUser: true);

        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort.Next();
            try
            {
                // Durability off: these clusters live for one test run.
                await ExternalCommand.RunAsync(Path.Combine(bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(data, "server.log"), "-w", "-o",
                    $"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c max_connections=600 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                    "start"], asPostgresUser: true);
                var server = new PostgresServer(bin, data, port);
                var stop = $"{Path.Combine(bin, "pg_ctl")} -D {data} -m immediate -w stop";
                Watchdog.RunWhenTestHostExits($"{(ExternalCommand.IsRoot ? "runuser -u postgres -- " : "")}{stop} >/dev/null 2>&1; rm -rf {folder}");
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAndDelete(folder);
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // The port was taken between choosing and binding: choose again.
            }
        }
    }

    private void StopAndDelete(string folder)
    {
        try
        {
            ExternalCommand.RunAsync(Path.Combine(_bin, "pg_ctl"), ["-D", DataDir, "-m", "immediate", "-w", "stop"], asPostgresUser: true)
                .GetAwaiter().GetResult();
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception)
        {
            // Best effort at process exit; infra/test.sh stops what is left.
        }
    }

    private static string FindBinDir()
    {
        var candidates = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            : Enumerable.Empty<string>();
        return candidates.Append("/usr/local/bin").FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "postgres")))
               ?? throw new InvalidOperationException(
                   "PostgreSQL server programs (initdb, postgres) not found under /usr/lib/postgresql/*/bin: run infra/test.sh, which installs them.");
    }
}
