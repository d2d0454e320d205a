using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace ImageCollection.Core.Wechat;

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

public interface IMiniProgramClient
{
    /// <summary><c>auth.code2Session</c>. A code is single-use: never retried on 40029/40163.</summary>
    Task<Code2SessionResult> Code2SessionAsync(string jsCode, CancellationToken cancellationToken);
}

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

    private sealed record Code2SessionResponse(
        [property: JsonPropertyName("openid")] string? OpenId,
        [property: JsonPropertyName("session_key")] string? SessionKey,
        [property: JsonPropertyName("unionid")] string? UnionId,
        [property: JsonPropertyName("errcode")] int? ErrCode,
        [property: JsonPropertyName("errmsg")] string? ErrMsg);
}
