using System.Net;
using System.Net.Http.Json;
using System.Text;
using ImageCollection.Api.Tests.Infrastructure;

namespace ImageCollection.Api.Tests.Platform;

public sealed class ProblemResponseTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task An_unknown_route_is_a_404_problem()
    {
        var response = await api.CreateClient().GetAsync("/api/v1/nothing-here");
        await response.AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_problem()
    {
        var response = await api.CreateClient().GetAsync("/api/v1/auth/wechat/login");
        await response.AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem_without_internals()
    {
        var response = await api.CreateClient().PostAsync("/api/v1/auth/wechat/login",
            new StringContent("{\"code\": ", Encoding.UTF8, "application/json"));
        var body = await response.AssertProblemAsync(HttpStatusCode.BadRequest, "request.invalid");
        Assert.DoesNotContain("Exception", body.ToString());
    }

    [Fact]
    public async Task A_wrong_content_type_is_a_415_problem()
    {
        var response = await api.CreateClient().PostAsync("/api/v1/auth/wechat/login",
            new StringContent("code=abc", Encoding.UTF8, "application/x-www-form-urlencoded"));
        await response.AssertProblemAsync(HttpStatusCode.UnsupportedMediaType, "request.unsupported_media_type");
    }

    [Fact]
    public async Task A_missing_body_is_a_400_problem()
    {
        var response = await api.CreateClient().PostAsync("/api/v1/auth/wechat/login", new StringContent("", Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.BadRequest, "request.invalid");
    }

    [Fact]
    public async Task Several_field_errors_are_named_together()
    {
        var response = await api.CreateClient().PostAsJsonAsync("/api/v1/staff/auth/login", new { userName = "", password = "" });
        await response.AssertValidationProblemAsync("userName", "password");
    }
}

/// <summary>Body size limits are enforced by Kestrel, so this runs on a real listener.</summary>
public sealed class KestrelApiFactory : ApiFactory
{
    protected override bool UseRealServer => true;
}

public sealed class RequestSizeTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    [Fact]
    public async Task A_json_body_over_the_limit_is_a_413_problem()
    {
        var huge = "{\"code\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";
        var response = await api.CreateClient().PostAsync("/api/v1/auth/wechat/login", new StringContent(huge, Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(HttpStatusCode.RequestEntityTooLarge, "request.too_large");
    }
}
