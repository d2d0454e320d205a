using System.Text.Json;

namespace ImageCollection.WechatEmulator.Pay;

/// <summary>Refunds: one per out_refund_no however often it is sent, never beyond what was paid, settled by settings or control.</summary>
public sealed class Refunds(PayStore store, EmulatorSettings settings, Notifier notifier, IConfiguration configuration)
{
    public PayResult Create(PayRequest r)
    {
        JsonElement j;
        try { j = r.Element(); }
        catch (JsonException) { return PayResult.Error(400, "PARAM_ERROR", "请求体不是合法的JSON"); }
        var outRefundNo = j.TryGetProperty("out_refund_no", out var n) ? n.GetString() ?? "" : "";
        var outTradeNo = j.TryGetProperty("out_trade_no", out var t) ? t.GetString() ?? "" : "";
        if (!j.TryGetProperty("amount", out var amount) || !amount.TryGetProperty("refund", out var rf) || !amount.TryGetProperty("total", out var tt)
            || outRefundNo.Length == 0)
            return PayResult.Error(400, "PARAM_ERROR", "缺少 out_refund_no 或 amount");
        if (settings.NotEnough) return PayResult.Error(403, "NOT_ENOUGH", "基本账户余额不足，请充值后重新发起");
        var (refund, total) = (rf.GetInt64(), tt.GetInt64());
        var notifyUrl = j.TryGetProperty("notify_url", out var u) ? u.GetString() : configuration["WechatPay:RefundNotifyUrl"];
        var reason = j.TryGetProperty("reason", out var why) ? why.GetString() : null;

        var (result, created) = store.Change(s =>
        {
            if (s.Refunds.TryGetValue(outRefundNo, out var same))
                return same.Refund == refund && same.OutTradeNo == outTradeNo
                    ? (PayResult.Ok(PayJson.Refund(same, r.MchId, false)), (EmuRefund?)null)
                    : (PayResult.Error(400, "INVALID_REQUEST", "退款单号已存在，请勿修改参数"), null);
            if (!s.Orders.TryGetValue(outTradeNo, out var order) || order.State is not ("SUCCESS" or "REFUND"))
                return (PayResult.Error(404, "RESOURCE_NOT_EXISTS", "订单不存在或未支付"), null);
            if (total != order.Total) return (PayResult.Error(400, "PARAM_ERROR", "amount.total 与原订单金额不一致"), null);
            var committed = s.Refunds.Values.Where(x => x.OutTradeNo == outTradeNo && x.Status != "CLOSED").Sum(x => x.Refund);
            if (refund <= 0 || committed + refund > order.Total) return (PayResult.Error(400, "INVALID_REQUEST", "申请退款金额超过订单可退金额"), null);
            var entry = new EmuRefund
            {
                OutRefundNo = outRefundNo, RefundId = "5030" + (++s.Sequence).ToString("D24"), OutTradeNo = outTradeNo,
                TransactionId = order.TransactionId ?? "", Refund = refund, Total = total, Reason = reason, NotifyUrl = notifyUrl,
                CreateTime = DateTimeOffset.UtcNow,
            };
            s.Refunds[outRefundNo] = entry;
            order.State = "REFUND";
            s.Touch(entry);
            s.Touch(order);
            return (PayResult.Ok(PayJson.Refund(entry, r.MchId, false)), entry);
        });
        if (created is not null && settings.RefundOutcome != "manual")
        {
            var outcome = settings.RefundOutcome.ToUpperInvariant();
            _ = Task.Delay(settings.RefundDelayMs).ContinueWith(_ => Complete(created.OutRefundNo, outcome, new DeliveryOptions()));
        }
        return result;
    }

    public PayResult Query(PayRequest r)
    {
        var no = r.Http.GetRouteValue("outRefundNo") as string ?? "";
        return store.Read(s => s.Refunds.TryGetValue(no, out var refund)
            ? PayResult.Ok(PayJson.Refund(refund, r.MchId, false))
            : PayResult.Error(404, "RESOURCE_NOT_EXISTS", "退款单不存在"));
    }

    /// <summary>Moves a refund to SUCCESS, ABNORMAL or CLOSED and notifies its notify_url (a repeat of the same state sends nothing).</summary>
    public bool Complete(string outRefundNo, string status, DeliveryOptions delivery, DateTimeOffset? successTime = null)
    {
        var changed = store.Change(s =>
        {
            if (!s.Refunds.TryGetValue(outRefundNo, out var refund) || refund.Status is "SUCCESS" or "CLOSED" || refund.Status == status) return null;
            refund.Status = status;
            if (status == "SUCCESS") refund.SuccessTime = successTime ?? DateTimeOffset.UtcNow;
            s.Touch(refund);
            return refund;
        });
        if (changed is null) return false;
        if (!string.IsNullOrEmpty(changed.NotifyUrl))
        {
            var mchId = configuration["WechatPay:MchId"] ?? store.Read(s => s.Orders.GetValueOrDefault(changed.OutTradeNo)?.MchId) ?? "";
            notifier.Send(changed.NotifyUrl, "REFUND." + status, status switch { "SUCCESS" => "退款成功", "CLOSED" => "退款关闭", _ => "退款异常" },
                "refund", PayJson.Refund(changed, mchId, true), changed.OutRefundNo, delivery);
        }
        return true;
    }
}
