namespace ImageCollection.Testing;

/// <summary>
/// A temporary folder named /tmp/ic-test-&lt;pid&gt;-&lt;random&gt;: the test command removes those of dead test hosts,
/// so a test host killed hard leaves nothing running.
/// </summary>
public static class TestFolder
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), $"ic-test-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(path);
        return path;
    }
}
