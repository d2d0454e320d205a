using System.Diagnostics;

namespace ImageCollection.Testing;

/// <summary>Runs a short command to completion (initdb, pg_ctl, chown) and fails loudly with its output.</summary>
public static class ExternalCommand
{
    public static bool IsRoot => Environment.UserName == "root";

    public static async Task<string> RunAsync(string file, IEnumerable<string> args, bool asPostgresUser = false)
    {
        var psi = new ProcessStartInfo
        {
            FileName = asPostgresUser && IsRoot ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgresUser && IsRoot) { psi.ArgumentList.Add("-u"); psi.ArgumentList.Add("postgres"); psi.ArgumentList.Add("--"); psi.ArgumentList.Add(file); }
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        return await stdout;
    }
}
