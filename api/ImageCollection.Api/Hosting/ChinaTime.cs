namespace ImageCollection.Api.Hosting;

/// <summary>Batch windows are entered and shown in China time (+08:00); the database keeps UTC.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>
    /// The same instant in China time. Requests keep times between 2000 and 2100, but a stored time at the edge of the
    /// calendar (9999-12-31T23:59:59Z has no +08:00 form) is shown as it is rather than failing every read of its row.
    /// </summary>
    public static DateTimeOffset ToChina(this DateTimeOffset value) =>
        value.UtcDateTime > DateTime.MaxValue - Offset ? value.ToUniversalTime() : value.ToOffset(Offset);

    public static DateTimeOffset? ToChina(this DateTimeOffset? value) => value?.ToChina();

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToChina().DateTime);
}
