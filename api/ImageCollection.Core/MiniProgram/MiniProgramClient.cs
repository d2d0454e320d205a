using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace ImageCollection.Core.MiniProgram;

public sealed record Code2SessionResult(string OpenId, string? UnionId, string SessionKey);

/// <summary>An <c>errcode</c> answer of the mini-program server API.</summary>
public sealed class MiniProgramApiException(int errorCode, string errorMessage)
    : Exception($"WeChat mini-program API error {errorCode}: {errorMessage}")
{
    public int ErrorCode { get; } = errorCode;
    public string ErrorMessage { get; } = errorMessage;

    public const int InvalidCode = 40029;
    public const int CodeUsed = 40163;
    public const int RateLimited = 45011;
    public const int HighRiskUser = 40226;
    public const int SystemBusy = -1;
}

public sealed record StableToken(string AccessToken, TimeSpan ExpiresIn);

public interface IMiniProgramClient
{
    /// <summary><c>auth.code2Session</c>. A code is single-use: never retried on 40029/40163.</summary>
    Task<Code2SessionResult> Code2SessionAsync(string jsCode, CancellationToken cancellationToken);

    /// <summary><c>getStableAccessToken</c> in normal mode (the same token while it is valid).</summary>
    Task<StableToken> StableTokenAsync(CancellationToken cancellationToken);

    /// <summary><c>subscribeMessage.send</c>; an errcode (43101: the user has not subscribed) is returned, not thrown.</summary>
    Task<int> SendSubscribeMessageAsync(string accessToken, SubscribeMessage message, CancellationToken cancellationToken);
}

/// <summary>A subscribe message: template fields are <c>{"thing1": {"value": "…"}}</c>.</summary>
public sealed record SubscribeMessage(string ToUser, string TemplateId, string? Page, IReadOnlyDictionary<string, string> Data);

public sealed class MiniProgramClient(HttpClient http, IOptions<WechatMiniProgramOptions> options) : IMiniProgramClient
{
    public async Task<Code2SessionResult> Code2SessionAsync(string jsCode, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var url = $"sns/jscode2session?appid={Uri.EscapeDataString(o.AppId)}&secret={Uri.EscapeDataString(o.Secret)}" +
                  $"&js_code={Uri.EscapeDataString(jsCode)}&grant_type=authorization_code";
        using var response = await http.GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<Code2SessionResponse>(cancellationToken)
                   ?? throw new MiniProgramApiException(MiniProgramApiException.SystemBusy, "empty response");
        if (body.ErrCode is { } code && code != 0)
            throw new MiniProgramApiException(code, body.ErrMsg ?? "");
        if (string.IsNullOrEmpty(body.OpenId) || string.IsNullOrEmpty(body.SessionKey))
            throw new MiniProgramApiException(MiniProgramApiException.SystemBusy, "response without openid");
        return new Code2SessionResult(body.OpenId, body.UnionId, body.SessionKey);
    }

    public async Task<StableToken> StableTokenAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var response = await http.PostAsJsonAsync("cgi-bin/stable_token",
            new { grant_type = "client_credential", appid = o.AppId, secret = o.Secret, force_refresh = false }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
                   ?? throw new MiniProgramApiException(MiniProgramApiException.SystemBusy, "empty response");
        if (body.ErrCode is { } code && code != 0) throw new MiniProgramApiException(code, body.ErrMsg ?? "");
        return new StableToken(body.AccessToken ?? "", TimeSpan.FromSeconds(body.ExpiresIn ?? 0));
    }

    public async Task<int> SendSubscribeMessageAsync(string accessToken, SubscribeMessage message, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync($"cgi-bin/message/subscribe/send?access_token={Uri.EscapeDataString(accessToken)}", new
        {
            touser = message.ToUser,
            template_id = message.TemplateId,
            page = message.Page,
            miniprogram_state = "formal",
            lang = "zh_CN",
            data = message.Data.ToDictionary(d => d.Key, d => new { value = d.Value }),
        }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<ErrorResponse>(cancellationToken);
        return body?.ErrCode ?? 0;
    }

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int? ExpiresIn,
        [property: JsonPropertyName("errcode")] int? ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg);

    private sealed record ErrorResponse(
        [property: JsonPropertyName("errcode")] int? ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg);

    private sealed record Code2SessionResponse(
        [property: JsonPropertyName("openid")] string? OpenId,
        [property: JsonPropertyName("session_key")] string? SessionKey,
        [property: JsonPropertyName("unionid")] string? UnionId,
        [property: JsonPropertyName("errcode")] int? ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg);
}
