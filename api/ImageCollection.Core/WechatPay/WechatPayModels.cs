using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using ImageCollection.Core.Domain;

namespace ImageCollection.Core.WechatPay;

/// <summary>WeChat Pay JSON: snake_case, no null members (the rules forbid them), amounts as integer fen.</summary>
public static class WechatPayJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>RFC 3339 in China time with whole seconds, as WeChat fields want (<c>2026-11-24T10:00:00+08:00</c>).</summary>
    public static string Time(DateTimeOffset value) => ChinaTime.Format(value, "yyyy-MM-dd'T'HH:mm:sszzz");
}

public sealed record PayAmount(long Total, string Currency = "CNY");
public sealed record PrepayPayer(string Openid);

/// <summary>JSAPI / mini-program order (spec §6.1).</summary>
public sealed record JsapiPrepayRequest(string Appid, string Mchid, string Description, string OutTradeNo, string TimeExpire,
    string NotifyUrl, PayAmount Amount, PrepayPayer Payer, string? Attach = null);

/// <summary>Native prepay (spec §6.3): as JSAPI but without a payer, who is whoever scans the QR.</summary>
public sealed record NativePrepayRequest(string Appid, string Mchid, string Description, string OutTradeNo, string TimeExpire,
    string NotifyUrl, PayAmount Amount);

/// <summary>What <c>wx.requestPayment</c> takes (spec §6.2): the appId is signed but not passed.</summary>
public sealed record MiniProgramPayParameters(
    [property: JsonPropertyName("timeStamp")] string TimeStamp,
    [property: JsonPropertyName("nonceStr")] string NonceStr,
    [property: JsonPropertyName("package")] string Package,
    [property: JsonPropertyName("signType")] string SignType,
    [property: JsonPropertyName("paySign")] string PaySign);

public sealed record TransactionAmount(long Total, long? PayerTotal, string? Currency, string? PayerCurrency);
public sealed record TransactionPayer(string? Openid);

/// <summary>A transaction as a query answers it and as a <c>TRANSACTION.SUCCESS</c> notification carries it.</summary>
public sealed record WechatTransaction(string? Appid, string? Mchid, string OutTradeNo, string? TransactionId, string? TradeType,
    string TradeState, string? TradeStateDesc, string? BankType, string? Attach, string? SuccessTime, TransactionPayer? Payer,
    TransactionAmount? Amount)
{
    public const string Success = "SUCCESS", Refund = "REFUND", NotPay = "NOTPAY", Closed = "CLOSED";

    /// <summary>SUCCESS, or REFUND (a refund exists, so it was paid).</summary>
    public bool WasPaid => TradeState is Success or Refund;

    public DateTimeOffset? SuccessAt => DateTimeOffset.TryParse(SuccessTime, out var t) ? t : null;
}

public sealed record RefundAmountRequest(long Refund, long Total, string Currency = "CNY");

/// <summary>A refund (spec §8.1). The same <c>out_refund_no</c> is the same refund, however often it is sent.</summary>
public sealed record CreateRefundRequest(string OutTradeNo, string OutRefundNo, string? Reason, string? NotifyUrl, RefundAmountRequest Amount);

public sealed record RefundAmount(long Total, long Refund, long? PayerTotal, long? PayerRefund, string? Currency);

/// <summary>A refund as create/query answer it (field <c>status</c>) and as a notification carries it (<c>refund_status</c>).</summary>
public sealed record WechatRefund(string? RefundId, string OutRefundNo, string? TransactionId, string? OutTradeNo, string? Channel,
    string? UserReceivedAccount, string? SuccessTime, string? CreateTime, string? Status, string? RefundStatus, RefundAmount? Amount,
    string? Mchid = null)
{
    public const string Success = "SUCCESS", Closed = "CLOSED", Processing = "PROCESSING", Abnormal = "ABNORMAL";

    /// <summary>The state, whichever field carried it.</summary>
    public string State => Status ?? RefundStatus ?? Processing;

    public DateTimeOffset? SuccessAt => DateTimeOffset.TryParse(SuccessTime, out var t) ? t : null;
}
