namespace ImageCollection.Api.Infrastructure;

/// <summary>Batch windows are entered and shown in China time (+08:00); the database keeps UTC.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToChina(this DateTimeOffset value) => value.ToOffset(Offset);

    public static DateTimeOffset? ToChina(this DateTimeOffset? value) => value?.ToOffset(Offset);

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
