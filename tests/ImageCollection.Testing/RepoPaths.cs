namespace ImageCollection.Testing;

/// <summary>Where the repository, the shared folder beside it, and built hosts are.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared</c> beside the checkout (or <c>IC_SHARED</c>): specs, fixtures, the face model.</summary>
    public static string Shared { get; } = Environment.GetEnvironmentVariable("IC_SHARED") is { Length: > 0 } s
        ? s : Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>Debug or Release: the configuration the tests were built with, which the hosts share.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    /// <summary>The built dll of a host project, e.g. <c>HostDll("worker/ImageCollection.Worker")</c>.</summary>
    public static string HostDll(string projectDir)
    {
        var name = Path.GetFileName(projectDir);
        var path = Path.Combine(Root, projectDir, "bin", Configuration, "net10.0", "linux-x64", name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException(
            $"{path} is not built: build the solution first (infra/test.sh does).", path);
    }

    public static string SharedFile(params string[] parts)
    {
        var path = Path.Combine([Shared, .. parts]);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing: ../shared must sit beside the checkout.", path);
    }

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "ImageCollection.sln"))) return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (ImageCollection.sln) above " + AppContext.BaseDirectory);
    }
}
