using System.Text.Json;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Hosting;

/// <summary>Enum filters in query strings, spelled as the API writes them (snake_case, e.g. <c>paid_after_close</c>).</summary>
public static class QueryEnum
{
    public static T? Parse<T>(string? value, string field) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        foreach (var candidate in Enum.GetValues<T>())
            if (JsonNamingPolicy.SnakeCaseLower.ConvertName(candidate.ToString()) == value.Trim()) return candidate;
        throw RequestValidationException.For(field,
            $"One of: {string.Join(", ", Enum.GetValues<T>().Select(v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString())))}.");
    }
}
