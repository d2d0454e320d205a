namespace ImageCollection.WechatEmulator.MiniProgram;

/// <summary>The mini-program server API subset: <c>/sns/jscode2session</c>.</summary>
public static class MiniProgramApi
{
    public static void MapMiniProgramApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sns/jscode2session", Code2Session);
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
