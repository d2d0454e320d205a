using System.Collections.Concurrent;
using System.Diagnostics;

namespace ImageCollection.Testing;

/// <summary>A host or server run as its own process for a test (the worker, the WeChat emulator, s3rver).</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ChildProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public string Output => string.Join('\n', _lines.TakeLast(200));

    /// <summary>Starts <c>dotnet DLL</c> with the given configuration (environment variables, <c>__</c> for sections).</summary>
    public static ChildProcess StartHost(string name, string dll, IReadOnlyDictionary<string, string?> environment, params string[] args) =>
        Start(name, "dotnet", [dll, .. args], environment);

    public static ChildProcess Start(string name, string file, IEnumerable<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // A host reads appsettings.json from its working directory (its content root).
            WorkingDirectory = file == "dotnet" && args.FirstOrDefault() is { } dll && dll.EndsWith(".dll")
                ? Path.GetDirectoryName(dll)! : RepoPaths.Root,
        };
        foreach (var a in args) psi.ArgumentList.Add(a);
        // Nothing of the test host's own configuration leaks into the child.
        foreach (var key in psi.Environment.Keys.Where(k => k.Contains("__") || k.StartsWith("ASPNETCORE_") || k.StartsWith("DOTNET_ENVIRONMENT")).ToList())
            psi.Environment.Remove(key);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"Cannot start {file}");
        Watchdog.KillWhenTestHostExits(process.Id);
        var child = new ChildProcess(name, process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) child._lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) child._lines.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    public async Task WaitForOutputAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_lines.Any(predicate)) return;
            if (_process.HasExited) throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
            await Task.Delay(50);
        }
        throw new TimeoutException($"{Name} did not print the expected line within {timeout}:\n{Output}");
    }

    /// <summary>Waits for the process to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        _process.WaitForExit(); // flushes the redirected output
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once, as a crash would.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public ValueTask DisposeAsync()
    {
        try { Kill(); } catch (InvalidOperationException) { }
        _process.Dispose();
        return ValueTask.CompletedTask;
    }
}
