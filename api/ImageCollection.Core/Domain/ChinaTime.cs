using System.Globalization;

namespace ImageCollection.Core.Domain;

/// <summary>China time (+08:00, no daylight saving): batch windows are entered and shown in it; the database keeps UTC.</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>For schedules (cron) that run at a China wall-clock time.</summary>
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    /// <summary>
    /// The same instant in China time. Requests keep times between 2000 and 2100, but a stored time at the edge of the
    /// calendar (9999-12-31T23:59:59Z has no +08:00 form) is shown as it is rather than failing every read of its row.
    /// </summary>
    public static DateTimeOffset ToChina(this DateTimeOffset value) =>
        value.UtcDateTime > DateTime.MaxValue - Offset ? value.ToUniversalTime() : value.ToOffset(Offset);

    public static DateTimeOffset? ToChina(this DateTimeOffset? value) => value?.ToChina();

    public static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToChina().DateTime);

    /// <summary>The start of a China day, as an instant.</summary>
    public static DateTimeOffset StartOf(DateOnly day) => new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), Offset).ToUniversalTime();

    /// <summary>A China wall-clock time in the given format, e.g. <c>yyyy-MM-dd HH:mm</c>.</summary>
    public static string Format(DateTimeOffset value, string format) => value.ToChina().ToString(format, CultureInfo.InvariantCulture);
}
