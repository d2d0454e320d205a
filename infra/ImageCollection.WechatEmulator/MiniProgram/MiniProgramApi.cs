namespace ImageCollection.WechatEmulator.MiniProgram;

/// <summary>The mini-program server API subset: <c>/sns/jscode2session</c>.</summary>
public static class MiniProgramApi
{
    public static void MapMiniProgramApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sns/jscode2session", Code2Session);
        app.MapPost("/cgi-bin/stable_token", StableToken);
        app.MapPost("/cgi-bin/message/subscribe/send", SendSubscribeMessage);
    }

    private sealed record TokenRequest(string? grant_type, string? appid, string? secret, bool? force_refresh);

    private static IResult StableToken(TokenRequest request, MiniProgramState state, IConfiguration configuration)
    {
        var expectedAppId = configuration["Wechat:MiniProgram:AppId"];
        var expectedSecret = configuration["Wechat:MiniProgram:Secret"];
        if (request.grant_type != "client_credential") return Error(40002, "invalid grant_type");
        if (string.IsNullOrEmpty(request.appid) || (!string.IsNullOrEmpty(expectedAppId) && request.appid != expectedAppId)) return Error(40013,
            "invalid appid");
        if (string.IsNullOrEmpty(request.secret) || (!string.IsNullOrEmpty(expectedSecret) && request.secret != expectedSecret)) return Error(40125,
            "invalid appsecret");
        var (token, expiresIn) = state.StableToken();
        return Results.Json(new Dictionary<string, object> { ["access_token"] = token, ["expires_in"] = expiresIn });
    }

    private static IResult SendSubscribeMessage(string? access_token, System.Text.Json.JsonElement body, MiniProgramState state)
    {
        if (!state.IsCurrentToken(access_token)) return Error(40001, "invalid credential, access_token is invalid or not latest");
        var openId = body.TryGetProperty("touser", out var t) ? t.GetString() ?? "" : "";
        if (!body.TryGetProperty("template_id", out var template) || string.IsNullOrEmpty(template.GetString())) return Error(40037, "invalid template_id");
        if (string.IsNullOrEmpty(openId)) return Error(40003, "invalid openid");
        if (state.Refusing.ContainsKey(openId) || state.Refusing.ContainsKey("*")) return Error(43101, "user refuse to accept the msg");
        state.Messages.Enqueue(new { at = DateTimeOffset.UtcNow, message = body.Clone() });
        return Results.Json(new Dictionary<string, object> { ["errcode"] = 0, ["errmsg"] = "ok", ["msgid"] = Random.Shared.NextInt64(1, long.MaxValue) });
    }

    // Codes look like "<user>.<anything>": the openid derives from <user>, so a fresh code logs the same user in
    // again. Codes starting with "bad" are invalid (40029); an exact code used twice is 40163, as WeChat answers.
    private static IResult Code2Session(
        string? appid, string? secret, string? js_code, string? grant_type,
        MiniProgramState state, IConfiguration configuration)
    {
        var expectedAppId = configuration["Wechat:MiniProgram:AppId"];
        var expectedSecret = configuration["Wechat:MiniProgram:Secret"];
        if (string.IsNullOrEmpty(appid) || (!string.IsNullOrEmpty(expectedAppId) && appid != expectedAppId))
            return Error(40013, "invalid appid");
        if (string.IsNullOrEmpty(secret) || (!string.IsNullOrEmpty(expectedSecret) && secret != expectedSecret))
            return Error(40125, "invalid appsecret");
        if (grant_type != "authorization_code")
            return Error(40002, "invalid grant_type");
        if (string.IsNullOrEmpty(js_code) || js_code.StartsWith("bad", StringComparison.Ordinal))
            return Error(40029, "invalid code");
        if (js_code.StartsWith("busy", StringComparison.Ordinal))
            return Error(-1, "system error");
        if (js_code.StartsWith("ratelimit", StringComparison.Ordinal))
            return Error(45011, "api minute-quota reach limit mustslower retry next minute");
        if (!state.TryUseCode(js_code))
            return Error(40163, "code been used");

        var dot = js_code.IndexOf('.');
        var user = dot > 0 ? js_code[..dot] : js_code;
        return Results.Json(new Dictionary<string, object>
        {
            ["openid"] = MiniProgramState.OpenIdFor(appid, user),
            ["session_key"] = MiniProgramState.NewSessionKey(),
        });
    }

    // WeChat answers errors with HTTP 200 and an errcode body.
    private static IResult Error(int code, string message) =>
        Results.Json(new Dictionary<string, object> { ["errcode"] = code, ["errmsg"] = message });
}
