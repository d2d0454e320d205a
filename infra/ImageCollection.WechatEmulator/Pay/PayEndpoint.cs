using System.Globalization;
using System.Text;
using System.Text.Json;
using ImageCollection.WechatEmulator.Crypto;
using Microsoft.AspNetCore.Http.Features;

namespace ImageCollection.WechatEmulator.Pay;

/// <summary>
/// What a pay handler answers: a status and a JSON body (null for 204), or raw file bytes (bill downloads, unsigned).
/// <c>SignedAs</c>: the serial named in Wechatpay-Serial when not the public key id (the platform certificate's).
/// </summary>
public sealed record PayResult(int Status, object? Body = null, byte[]? File = null, string? SignedAs = null)
{
    public static PayResult Ok(object body) => new(200, body);
    public static PayResult NoContent() => new(204);
    public static PayResult Error(int status, string code, string message) => new(status, PayJson.Error(code, message));
}

public sealed record PayRequest(HttpContext Http, byte[] Body, string MchId)
{
    private static readonly JsonSerializerOptions CaseInsensitive = new() { PropertyNameCaseInsensitive = true };

    public T Json<T>() => JsonSerializer.Deserialize<T>(Body, CaseInsensitive)!;
    public JsonElement Element() => JsonDocument.Parse(Body).RootElement;
}

/// <summary>
/// Every pay API call goes through here, as at WeChat: required headers, the merchant's signature over the raw target
/// and body (401 SIGN_ERROR otherwise), forced faults, then the handler; 2xx answers are signed with our key.
/// </summary>
public static class PayEndpoint
{
    public static void MapPay(this IEndpointRouteBuilder app, string method, string pattern, Func<PayRequest, PayResult> handler) =>
        app.MapMethods(pattern, [method], (HttpContext http, EmulatorKeys keys, EmulatorSettings settings, IConfiguration configuration) =>
            HandleAsync(http, keys, settings, configuration, handler));

    private static async Task HandleAsync(HttpContext http, EmulatorKeys keys, EmulatorSettings settings, IConfiguration configuration,
        Func<PayRequest, PayResult> handler)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var target = http.Features.Get<IHttpRequestFeature>()!.RawTarget;
        var (mchId, problem) = Authenticate(http, keys, configuration, target, body);
        var fault = problem is null ? settings.TakeFault(http.Request.Method, http.Request.Path) : null;
        var result = problem
                     ?? (fault is { TamperResponse: false } f
                         ? f.Status == 429 ? PayResult.Error(429, "RATELIMIT_EXCEEDED", "达到调用速率限制") : PayResult.Error(500, "SYSTEM_ERROR", "系统错误")
                         : handler(new PayRequest(http, body, mchId!)));
        settings.Requests.Enqueue(new RequestRecord(DateTimeOffset.UtcNow, http.Request.Method, target, Encoding.UTF8.GetString(body), result.Status,
            problem is null));
        await WriteAsync(http, keys, result, tamper: fault?.TamperResponse == true);
    }

    private static (string? MchId, PayResult? Problem) Authenticate(HttpContext http, EmulatorKeys keys, IConfiguration configuration, string target,
        byte[] body)
    {
        if (string.IsNullOrEmpty(http.Request.Headers.Accept) || string.IsNullOrEmpty(http.Request.Headers.UserAgent))
            return (null, PayResult.Error(400, "INVALID_REQUEST", "Http头缺少Accept或User-Agent"));
        var auth = Authorization.Parse(http.Request.Headers.Authorization.ToString());
        if (auth is null) return (null, PayResult.Error(401, "SIGN_ERROR", "Http头Authorization值格式错误，请参考《微信支付商户REST API签名规则》"));
        var expectedMch = configuration["WechatPay:MchId"];
        if (!string.IsNullOrEmpty(expectedMch) && auth.MchId != expectedMch)
            return (null, PayResult.Error(401, "SIGN_ERROR", "商户号与签名不匹配"));
        if (!long.TryParse(auth.Timestamp, out var ts) || Math.Abs(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - ts) >= 300)
            return (null, PayResult.Error(401, "SIGN_ERROR", "Http头Authorization中的timestamp与发起请求的时间不得超过5分钟"));
        if (keys.MerchantPublicKey is null
            || !EmulatorCrypto.VerifyRequest(keys.MerchantPublicKey, http.Request.Method, target, auth.Timestamp, auth.Nonce, body, auth.Signature))
            return (null, new PayResult(401, new
            {
                code = "SIGN_ERROR", message = "签名错误",
                detail = new { sign_information = new { method = http.Request.Method, url = target, sign_message_length = body.Length } },
            }));
        return (auth.MchId, null);
    }

    private static async Task WriteAsync(HttpContext http, EmulatorKeys keys, PayResult result, bool tamper)
    {
        http.Response.StatusCode = result.Status;
        http.Response.Headers["Request-ID"] = Guid.NewGuid().ToString("N").ToUpperInvariant();
        if (result.File is { } file)
        {
            http.Response.ContentType = "application/x-gzip";
            await http.Response.Body.WriteAsync(file);
            return;
        }
        var bytes = result.Body is null ? [] : JsonSerializer.SerializeToUtf8Bytes(result.Body, PayJson.Options);
        if (result.Status is >= 200 and < 300)
        {
            var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var nonce = EmulatorCrypto.Nonce();
            http.Response.Headers["Wechatpay-Timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["Wechatpay-Nonce"] = nonce;
            http.Response.Headers["Wechatpay-Signature"] = EmulatorCrypto.SignResponse(keys.SigningKey, timestamp, nonce, bytes);
            http.Response.Headers["Wechatpay-Serial"] = result.SignedAs ?? keys.PublicKeyId;
            http.Response.Headers["Wechatpay-Signature-Type"] = "WECHATPAY2-SHA256-RSA2048";
            if (tamper && bytes.Length > 2) bytes[^2] ^= 0x01; // altered after signing
        }
        if (bytes.Length > 0)
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.Body.WriteAsync(bytes);
        }
    }

    private sealed record Authorization(string MchId, string Nonce, string Signature, string Timestamp, string Serial)
    {
        public static Authorization? Parse(string header)
        {
            const string scheme = "WECHATPAY2-SHA256-RSA2048 ";
            if (!header.StartsWith(scheme, StringComparison.Ordinal)) return null;
            var pairs = header[scheme.Length..].Split(',').Select(p => p.Split('=', 2))
                .Where(p => p.Length == 2 && p[1].Length >= 2 && p[1][0] == '"' && p[1][^1] == '"')
                .ToDictionary(p => p[0].Trim(), p => p[1][1..^1]);
            return pairs.TryGetValue("mchid", out var m) && pairs.TryGetValue("nonce_str", out var n) && pairs.TryGetValue("signature", out var s)
                   && pairs.TryGetValue("timestamp", out var t) && pairs.TryGetValue("serial_no", out var sn)
                ? new Authorization(m, n, s, t, sn) : null;
        }
    }
}
