using System.Diagnostics;

namespace ImageCollection.Testing;

/// <summary>
/// Runs a shell command once this test host has exited, however it ends (a test host killed by the runner does not
/// run its exit handlers): servers and hosts started by fixtures never outlive the test run.
/// </summary>
public static class Watchdog
{
    /// <summary>Kills <paramref name="pid"/> when the test host exits (or stops watching when it is gone).</summary>
    public static void KillWhenTestHostExits(int pid) =>
        Run($"while kill -0 {Environment.ProcessId} 2>/dev/null && kill -0 {pid} 2>/dev/null; do sleep 1; done; kill -9 {pid} 2>/dev/null");

    public static void RunWhenTestHostExits(string command) =>
        Run($"while kill -0 {Environment.ProcessId} 2>/dev/null; do sleep 1; done; {command}");

    private static void Run(string script)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        Process.Start(psi)?.Dispose();
    }
}
