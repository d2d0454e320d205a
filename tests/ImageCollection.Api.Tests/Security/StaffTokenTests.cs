using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ImageCollection.Api.Tests.Security;

/// <summary>A staff token counts only while the account is as it was: active, the same stamp, its current roles and schools.</summary>
public sealed class StaffTokenTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(Guid Id, string Token, HttpClient Admin)> SupportUserAsync(string[]? roles = null)
    {
        var admin = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Admin])).Token);
        var userName = "sup" + Guid.NewGuid().ToString("N")[..8];
        var created = await admin.PostAsJsonAsync("/api/v1/staff/users", new
        {
            userName, displayName = "客服", password = "a-long-password", roles = roles ?? [StaffRoles.Support],
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var login = await api.CreateClient().PostAsJsonAsync("/api/v1/staff/auth/login", new { userName, password = "a-long-password" });
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        return (id, token, admin);
    }

    [Fact]
    public async Task A_deactivated_account_loses_its_token_at_once()
    {
        var (id, token, admin) = await SupportUserAsync();
        using var support = api.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync("/api/v1/staff/payment-exceptions")).StatusCode);

        var update = await admin.PutAsJsonAsync($"/api/v1/staff/users/{id}", new { displayName = "客服", roles = new[] { "reviewer" }, isActive = false });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        await (await support.GetAsync("/api/v1/staff/payment-exceptions")).AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.required");
        await (await support.GetAsync("/api/v1/staff/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.required");
    }

    [Fact]
    public async Task A_role_change_applies_to_a_token_already_issued()
    {
        var (id, token, admin) = await SupportUserAsync();
        using var staff = api.CreateClient(token);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/v1/staff/payment-exceptions")).StatusCode);

        await admin.PutAsJsonAsync($"/api/v1/staff/users/{id}", new { displayName = "客服", roles = new[] { "reviewer" }, isActive = true });

        await (await staff.GetAsync("/api/v1/staff/payment-exceptions")).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/v1/staff/reviews/queue")).StatusCode);
    }

    [Fact]
    public async Task A_password_change_ends_earlier_tokens()
    {
        var (id, token, admin) = await SupportUserAsync();
        using var staff = api.CreateClient(token);
        var set = await admin.PutAsJsonAsync($"/api/v1/staff/users/{id}/password", new { password = "another-long-password" });
        Assert.Equal(HttpStatusCode.NoContent, set.StatusCode);
        await (await staff.GetAsync("/api/v1/staff/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.required");
    }

    [Fact]
    public async Task Logout_ends_the_token_not_only_the_cookie()
    {
        var (_, token, _) = await SupportUserAsync();
        using var staff = api.CreateClient(token);
        Assert.Equal(HttpStatusCode.NoContent, (await staff.PostAsync("/api/v1/staff/auth/logout", null)).StatusCode);
        await (await staff.GetAsync("/api/v1/staff/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.required");
        // Anonymous logout still only clears the cookie.
        Assert.Equal(HttpStatusCode.NoContent, (await api.CreateClient().PostAsync("/api/v1/staff/auth/logout", null)).StatusCode);
    }

    [Fact]
    public async Task A_validly_signed_token_for_an_account_that_does_not_exist_is_refused()
    {
        var forged = Mint(Guid.CreateVersion7(), "0123456789abcdef0123456789abcdef", DateTimeOffset.UtcNow.AddHours(1));
        await (await api.CreateClient(forged).GetAsync("/api/v1/staff/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.required");
    }

    [Fact]
    public async Task A_token_expired_ten_seconds_ago_is_refused()
    {
        var (id, token, _) = await SupportUserAsync();
        var stamp = new JsonWebToken(token).GetClaim("stamp").Value;
        var fresh = Mint(id, stamp, DateTimeOffset.UtcNow.AddMinutes(5));
        var expired = Mint(id, stamp, DateTimeOffset.UtcNow.AddSeconds(-10));
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient(fresh).GetAsync("/api/v1/staff/auth/me")).StatusCode);
        await (await api.CreateClient(expired).GetAsync("/api/v1/staff/auth/me")).AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.required");
    }

    [Fact]
    public async Task Another_replica_sees_a_deactivation_within_moments()
    {
        var (id, token, admin) = await SupportUserAsync();
        using var sibling = api.Sibling(out var url);
        using var other = new HttpClient { BaseAddress = new Uri(url) };
        other.DefaultRequestHeaders.Authorization = new("Bearer", token);
        // The other replica has read (and cached) the account.
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/api/v1/staff/payment-exceptions")).StatusCode);

        await admin.PutAsJsonAsync($"/api/v1/staff/users/{id}", new { displayName = "客服", roles = new[] { "support" }, isActive = false });

        var deadline = DateTime.UtcNow.AddSeconds(5);
        HttpStatusCode status;
        while ((status = (await other.GetAsync("/api/v1/staff/payment-exceptions")).StatusCode) == HttpStatusCode.OK && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    /// <summary>A staff token signed with the API's own key, as a thief of the key (or of an old token) would hold.</summary>
    private string Mint(Guid staffId, string stamp, DateTimeOffset expires)
    {
        var configuration = api.Services.GetRequiredService<IConfiguration>();
        var key = new SymmetricSecurityKey(Convert.FromBase64String(configuration["Auth:SigningKey"]!));
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "imagecollection", Audience = "imagecollection",
            Subject = new ClaimsIdentity([new("sub", staffId.ToString()), new("kind", "staff"), new("stamp", stamp), new("role", "admin")]),
            IssuedAt = expires.AddMinutes(-30).UtcDateTime, NotBefore = expires.AddMinutes(-30).UtcDateTime, Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
