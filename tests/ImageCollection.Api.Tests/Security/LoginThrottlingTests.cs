using System.Net;
using System.Net.Http.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Security;

/// <summary>Behind a configured proxy on a real listener: each client address has its own bucket; each account backs off.</summary>
public sealed class ProxiedApiFactory : ApiFactory
{
    public ProxiedApiFactory()
    {
        Settings["Proxy:KnownProxies:0"] = "127.0.0.1";
        Settings["Auth:StaffLoginPermitsPerMinute"] = "8";
    }

    protected override bool UseRealServer => true;

    public HttpClient From(string clientAddress)
    {
        var client = new HttpClient { BaseAddress = new Uri(ApiUrl) };
        client.DefaultRequestHeaders.Add("X-Forwarded-For", clientAddress);
        return client;
    }
}

public sealed class LoginThrottlingTests(ProxiedApiFactory api) : IClassFixture<ProxiedApiFactory>
{
    private async Task<string> AccountAsync()
    {
        var admin = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Admin])).Token);
        var userName = "acct" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync("/api/v1/staff/users", new
        {
            userName, displayName = "A", password = "the-right-password", roles = new[] { "reviewer" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return userName;
    }

    [Fact]
    public async Task An_account_backs_off_after_five_wrong_passwords_even_for_the_right_one_with_retry_after()
    {
        var userName = await AccountAsync();
        using var client = api.From("203.0.113.10");
        for (var i = 0; i < StaffUser.FailuresBeforeBackoff; i++)
        {
            var wrong = await client.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName, password = "wrong-password" });
            await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        }
        // From another address too: the backoff belongs to the account, not to an address.
        using var elsewhere = api.From("198.51.100.7");
        var right = await elsewhere.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName, password = "the-right-password" });
        await right.AssertProblemAsync(HttpStatusCode.TooManyRequests, "auth.login_backoff");
        var retryAfter = int.Parse(right.Headers.GetValues("Retry-After").Single());
        Assert.InRange(retryAfter, 1, 30);

        // Once the wait is over the right password works, and the count starts again.
        await api.WithDbAsync(db => db.StaffUsers.Where(s => s.UserName == userName)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LoginBlockedUntil, DateTimeOffset.UtcNow.AddSeconds(-1))));
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName,
            password = "the-right-password" })).StatusCode);
        var count = await api.WithDbAsync(db => db.StaffUsers.Where(s => s.UserName == userName).Select(s => s.FailedLoginCount).SingleAsync());
        Assert.Equal(0, count);
    }

    [Fact]
    public async Task The_address_limit_is_per_forwarded_client_and_says_when_to_retry()
    {
        var userName = await AccountAsync();
        using var noisy = api.From("203.0.113.99");
        HttpResponseMessage last = null!;
        for (var i = 0; i < 9; i++) last = await noisy.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName = "nobody" + i, password = "x" });
        await last.AssertProblemAsync(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(last.Headers.GetValues("Retry-After").Single()) >= 1);

        // A colleague behind the same proxy, from another address, is not held up.
        using var colleague = api.From("203.0.113.100");
        Assert.Equal(HttpStatusCode.OK, (await colleague.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName,
            password = "the-right-password" })).StatusCode);
    }

    [Fact]
    public async Task Responses_carry_the_security_headers_and_no_server_header()
    {
        using var client = api.From("203.0.113.50");
        var response = await client.GetAsync("/api/v1/batches/NOPE00");
        Assert.False(response.Headers.Contains("Server"));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.True(response.Headers.CacheControl?.NoStore);
    }
}
