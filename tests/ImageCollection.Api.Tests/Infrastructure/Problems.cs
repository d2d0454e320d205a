using System.Net;
using System.Text.Json;

namespace ImageCollection.Api.Tests.Infrastructure;

public static class Problems
{
    /// <summary>Asserts an RFC 9457 problem response with the given status and stable code; returns its body.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement;
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.Equal(code, body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("traceId").GetString()));
        Assert.DoesNotContain("   at ", text); // never a stack trace
        return body;
    }

    /// <summary>
    /// A log line at error level, except EF Core's probe of a fresh database for its migrations history (a failed
    /// query it logs on every first start; issue: operations).
    /// </summary>
    public static bool IsErrorLine(string line) => line.StartsWith("Error", StringComparison.Ordinal) && !line.Contains("__ef_migrations_history");

    /// <summary>Asserts a 400 validation problem naming each of the fields.</summary>
    public static async Task<JsonElement> AssertValidationProblemAsync(this HttpResponseMessage response, params string[] fields)
    {
        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "validation.failed");
        var errors = body.GetProperty("errors");
        foreach (var field in fields)
            Assert.True(errors.TryGetProperty(field, out _), $"no error for '{field}' in {errors}");
        return body;
    }
}
