using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Testing;

namespace ImageCollection.Benchmarks;

/// <summary>
/// What the benchmarks against a running stack share: their arguments, the admin's client, a school with an open
/// online batch, the derivative.
/// </summary>
internal static class BenchStack
{
    /// <summary>The value after <c>--name</c>, else the fallback; without either, refused.</summary>
    public static string Arg(string[] args, string name, string? fallback = null)
    {
        var i = Array.IndexOf(args, "--" + name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback ?? throw new ArgumentException($"--{name} is required");
    }

    public static async Task<HttpClient> AdminAsync(string apiUrl, string password)
    {
        var api = new HttpClient { BaseAddress = new Uri(apiUrl), Timeout = TimeSpan.FromMinutes(5) };
        var login = await api.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName = "admin", password });
        login.EnsureSuccessStatusCode();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return api;
    }

    /// <summary>A new school and an open online batch of it (a draft: exports and print runs need no open one).</summary>
    public static async Task<Guid> BatchAsync(HttpClient api, string schoolName)
    {
        var code = Random.Shared.Next(10000, 99999).ToString(CultureInfo.InvariantCulture);
        var school = await Created(await api.PostAsJsonAsync("/api/v1/staff/schools", new { name = schoolName, code, regionCode = "19", category = "普通高校" }));
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var batch = await Created(await api.PostAsJsonAsync("/api/v1/staff/batches", new
        {
            schoolId = school.GetProperty("id").GetGuid(), collectionType = "online",
            terms = new
            {
                population = "全日制", graduationYear = 2027, feeFen = 1500, payer = "student", paymentOpensAt = now.AddDays(-1), paymentClosesAt = now.AddDays(7),
                collectionOpensAt = now.AddDays(-1), collectionClosesAt = now.AddDays(7), submissionLimit = 3, resubmissionWindowHours = 48,
                allowedBackgrounds = new[] { "light_blue" },
            },
        }));
        return batch.GetProperty("id").GetGuid();
    }

    /// <summary>A real 480×640 derivative of a compliant test photo (about 39 KB).</summary>
    public static byte[] Derivative()
    {
        using var photos = new TestPhotos();
        using var photo = photos.Compliant();
        return TestPhotos.Jpeg(photo);
    }

    public static async Task<JsonElement> Created(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException(await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
