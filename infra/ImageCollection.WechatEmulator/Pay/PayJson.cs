using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageCollection.WechatEmulator.Pay;

public static class PayJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Time(DateTimeOffset t) => t.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd'T'HH:mm:sszzz");

    public static object Transaction(EmuOrder o) => new
    {
        appid = o.AppId, mchid = o.MchId, out_trade_no = o.OutTradeNo, transaction_id = o.TransactionId, trade_type = o.TradeType,
        trade_state = o.State, trade_state_desc = o.State switch { "SUCCESS" => "支付成功", "REFUND" => "转入退款", "CLOSED" => "已关闭", _ => "未支付" },
        bank_type = o.TransactionId is null ? null : "OTHERS", attach = o.Attach ?? "",
        success_time = o.SuccessTime is { } t ? Time(t) : null,
        payer = string.IsNullOrEmpty(o.OpenId) ? null : new { openid = o.OpenId },
        amount = new { total = o.Total, payer_total = o.TransactionId is null ? (long?)null : o.Total, currency = "CNY", payer_currency = "CNY" },
    };

    public static object Refund(EmuRefund r, string mchId, bool forNotification) => new
    {
        mchid = forNotification ? mchId : null, refund_id = r.RefundId, out_refund_no = r.OutRefundNo, transaction_id = r.TransactionId,
        out_trade_no = r.OutTradeNo, channel = "ORIGINAL", user_received_account = "支付用户零钱",
        success_time = r.SuccessTime is { } t ? Time(t) : null, create_time = Time(r.CreateTime),
        status = forNotification ? null : r.Status, refund_status = forNotification ? r.Status : null,
        amount = new { total = r.Total, refund = r.Refund, payer_total = r.Total, payer_refund = r.Refund, currency = "CNY" },
    };

    public static object Error(string code, string message) => new { code, message };
}
