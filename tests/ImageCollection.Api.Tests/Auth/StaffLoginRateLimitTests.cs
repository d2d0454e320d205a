using System.Net;
using System.Net.Http.Json;
using ImageCollection.Api.Tests.Infrastructure;

namespace ImageCollection.Api.Tests.Auth;

public sealed class RateLimitedApiFactory : ApiFactory
{
    public RateLimitedApiFactory() => Settings["Auth:StaffLoginPermitsPerMinute"] = "3";
}

public sealed class StaffLoginRateLimitTests(RateLimitedApiFactory api) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task Staff_login_is_rate_limited_per_client()
    {
        using var client = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName = "x", password = "guess" + i })).StatusCode);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], statuses.Take(3));
        var limited = await client.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName = "x", password = "again" });
        await limited.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
    }
}
