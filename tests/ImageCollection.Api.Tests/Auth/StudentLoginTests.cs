using System.Net;
using System.Net.Http.Json;
using ImageCollection.Api.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Auth;

public sealed class StudentLoginTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private sealed record LoginBody(string AccessToken, DateTimeOffset ExpiresAt, Guid StudentId);

    private async Task<HttpResponseMessage> Login(string code)
    {
        using var client = api.CreateClient();
        return await client.PostAsJsonAsync("/api/v1/auth/wechat/login", new { code });
    }

    [Fact]
    public async Task A_fresh_code_logs_the_same_wechat_user_in_as_the_same_student()
    {
        var first = await Login("alice.1");
        var second = await Login("alice.2");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<LoginBody>();
        var b = await second.Content.ReadFromJsonAsync<LoginBody>();
        Assert.Equal(a!.StudentId, b!.StudentId);
        Assert.True(a.ExpiresAt > DateTimeOffset.UtcNow.AddMinutes(30));
        Assert.Equal(3, a.AccessToken.Split('.').Length);
        Assert.Equal(1, await api.WithDbAsync(db => db.Students.CountAsync(s => s.Id == a.StudentId)));
    }

    [Fact]
    public async Task The_session_key_is_never_sent_to_the_client_and_kept_encrypted()
    {
        var response = await Login("bob.1");
        var text = await response.Content.ReadAsStringAsync();

        Assert.DoesNotContain("session", text, StringComparison.OrdinalIgnoreCase);
        var student = await api.WithDbAsync(db => db.Students.SingleAsync(s => s.Id == JsonBody(text)));
        Assert.NotNull(student.SessionKeyCipher);
    }

    private static Guid JsonBody(string text) => System.Text.Json.JsonDocument.Parse(text).RootElement.GetProperty("studentId").GetGuid();

    [Fact]
    public async Task An_invalid_code_is_401_auth_invalid_code()
    {
        var response = await Login("bad.code");
        await response.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_code");
    }

    [Fact]
    public async Task A_code_used_twice_is_401_auth_code_used()
    {
        Assert.Equal(HttpStatusCode.OK, (await Login("carol.once")).StatusCode);
        var again = await Login("carol.once");
        await again.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.code_used");
    }

    [Fact]
    public async Task WeChat_rate_limit_is_429_and_busy_is_503()
    {
        await (await Login("ratelimit.x")).AssertProblemAsync(HttpStatusCode.TooManyRequests, "auth.rate_limited");
        await (await Login("busy.x")).AssertProblemAsync(HttpStatusCode.ServiceUnavailable, "wechat.unavailable");
    }

    [Fact]
    public async Task An_empty_code_is_a_validation_problem_naming_the_field()
    {
        var response = await Login("");
        await response.AssertValidationProblemAsync("code");
    }
}
