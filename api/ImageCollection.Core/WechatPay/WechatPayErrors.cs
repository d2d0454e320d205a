using System.Net;
using System.Text.Json;

namespace ImageCollection.Core.WechatPay;

/// <summary>Whether a failed call may be sent again as it is.</summary>
public enum RetrySafety
{
    /// <summary>Send the same request again (same out_trade_no / out_refund_no), later.</summary>
    Safe,
    /// <summary>The outcome is unknown (a rate-limited or timed-out refund): query first, then retry with the same number.</summary>
    QueryFirst,
    /// <summary>A refusal that another attempt will not change (bad request, signing, permissions, business rule).</summary>
    Never,
}

/// <summary>WeChat Pay answered with an error body <c>{code, message, detail}</c>.</summary>
public sealed class WechatPayApiException(HttpStatusCode status, string code, string message, string? detail, string? requestId, RetrySafety retry)
    : Exception($"WeChat Pay {(int)status} {code}: {message}")
{
    public HttpStatusCode Status { get; } = status;
    public string Code { get; } = code;
    public string WechatMessage { get; } = message;
    /// <summary>The raw <c>detail</c> JSON; for SIGN_ERROR it shows WeChat's view of our string to sign.</summary>
    public string? Detail { get; } = detail;
    public string? RequestId { get; } = requestId;
    public RetrySafety Retry { get; } = retry;

    public const string NotEnough = "NOT_ENOUGH";
    public bool IsNotFound => Status == HttpStatusCode.NotFound || Code is "ORDER_NOT_EXIST" or "RESOURCE_NOT_EXISTS";

    internal static WechatPayApiException From(HttpStatusCode status, byte[] body, string? requestId, bool isRefundCreate)
    {
        string code = "UNKNOWN", message = "", detail = "";
        try
        {
            using var json = JsonDocument.Parse(body);
            code = json.RootElement.TryGetProperty("code", out var c) ? c.GetString() ?? code : code;
            message = json.RootElement.TryGetProperty("message", out var m) ? m.GetString() ?? "" : "";
            detail = json.RootElement.TryGetProperty("detail", out var d) ? d.GetRawText() : "";
        }
        catch (JsonException)
        {
            message = "error body is not JSON";
        }
        var retry = (int)status switch
        {
            429 => isRefundCreate ? RetrySafety.QueryFirst : RetrySafety.Safe,
            202 => RetrySafety.Safe,
            >= 500 => RetrySafety.Safe,
            _ => code is "FREQUENCY_LIMITED" or "SYSTEM_ERROR" ? RetrySafety.Safe : RetrySafety.Never,
        };
        return new WechatPayApiException(status, code, message, detail.Length == 0 ? null : detail, requestId, retry);
    }
}

/// <summary>
/// A response or callback failed verification (stale, unknown serial, bad or probe signature, undecryptable): it is
/// not trusted. For a response the outcome is unknown, so the caller queries before acting.
/// </summary>
public sealed class WechatPaySignatureException(string reason, bool isProbe = false) : Exception(reason)
{
    /// <summary>A <c>WECHATPAY/SIGNTEST/</c> probe: expected now and then, logged at info level.</summary>
    public bool IsProbe { get; } = isProbe;
    public RetrySafety Retry => RetrySafety.QueryFirst;
}

/// <summary>A callback whose signature holds but whose body is not a notification we can use: answered 400, not retried by us.</summary>
public sealed class WechatPayNotificationException(string reason) : Exception(reason);

public static class WechatPayErrors
{
    /// <summary>
    /// A call to WeChat Pay that failed or whose answer cannot be trusted: an error answer, an unverifiable answer, no
    /// answer, or no answer in time. WeChat may have acted anyway, so the caller asks again with the same number (or
    /// queries first) rather than concluding anything.
    /// </summary>
    public static bool IsCallFailure(Exception e) =>
        e is WechatPayApiException or WechatPaySignatureException or HttpRequestException or Polly.Timeout.TimeoutRejectedException;
}
