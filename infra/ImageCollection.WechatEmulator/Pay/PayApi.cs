using System.Text.Json;
using System.Text.RegularExpressions;
using ImageCollection.WechatEmulator.Crypto;

namespace ImageCollection.WechatEmulator.Pay;

/// <summary>The WeChat Pay API v3 subset the product calls: JSAPI and Native prepay, query, close, refunds, trade bills.</summary>
public static partial class PayApi
{
    public static void MapPayApi(this IEndpointRouteBuilder app)
    {
        app.MapPay("POST", "/v3/pay/transactions/jsapi", r => Prepay(r, r.Http.RequestServices.GetRequiredService<PayStore>(),
            r.Http.RequestServices.GetRequiredService<IConfiguration>(), native: false));
        app.MapPay("POST", "/v3/pay/transactions/native", r => Prepay(r, r.Http.RequestServices.GetRequiredService<PayStore>(),
            r.Http.RequestServices.GetRequiredService<IConfiguration>(), native: true));
        app.MapPay("GET", "/v3/pay/transactions/out-trade-no/{outTradeNo}", r => Query(r, r.Http.RequestServices.GetRequiredService<PayStore>()));
        app.MapPay("POST", "/v3/pay/transactions/out-trade-no/{outTradeNo}/close", r => Close(r, r.Http.RequestServices.GetRequiredService<PayStore>()));
        app.MapPay("POST", "/v3/refund/domestic/refunds", r => r.Http.RequestServices.GetRequiredService<Refunds>().Create(r));
        app.MapPay("GET", "/v3/refund/domestic/refunds/{outRefundNo}", r => r.Http.RequestServices.GetRequiredService<Refunds>().Query(r));
        app.MapPay("GET", "/v3/bill/tradebill", r => r.Http.RequestServices.GetRequiredService<TradeBills>().Apply(r));
        app.MapPay("GET", "/v3/billdownload/file", r => r.Http.RequestServices.GetRequiredService<TradeBills>().Download(r));
        app.MapPay("GET", "/v3/certificates", r => Certificates(r.Http.RequestServices.GetRequiredService<EmulatorKeys>(),
            r.Http.RequestServices.GetRequiredService<IConfiguration>()));
    }

    /// <summary>
    /// Merchants onboarded with a WeChat Pay public key have no platform certificate (RESOURCE_NOT_EXISTS, the default);
    /// with <c>Emulator:PlatformCertificate=true</c> the legacy list is served: the certificate of the emulator's
    /// signing key, encrypted with the APIv3 key, and the answer signed naming the certificate's serial.
    /// </summary>
    private static PayResult Certificates(EmulatorKeys keys, IConfiguration configuration)
    {
        if (!configuration.GetValue("Emulator:PlatformCertificate", false))
            return PayResult.Error(404, "RESOURCE_NOT_EXISTS", "无可用的平台证书，请在商户平台-API安全申请使用微信支付公钥");
        var certificate = keys.PlatformCertificate;
        var (ciphertext, nonce) = EmulatorCrypto.Encrypt(keys.ApiV3Key, "certificate", certificate.ExportCertificatePem());
        return new PayResult(200, new
        {
            data = new[]
            {
                new
                {
                    serial_no = keys.PlatformCertificateSerial,
                    effective_time = PayJson.Time(new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero)),
                    expire_time = PayJson.Time(new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero)),
                    encrypt_certificate = new { algorithm = "AEAD_AES_256_GCM", nonce, associated_data = "certificate", ciphertext },
                },
            },
        }, SignedAs: keys.PlatformCertificateSerial);
    }

    [GeneratedRegex("^[0-9A-Za-z_\\-|*]{6,32}$")] private static partial Regex OutTradeNoPattern();

    /// <summary>
    /// JSAPI prepay (a payer's openid, a prepay_id back) or Native prepay (no payer: whoever scans the QR pays; a
    /// code_url back). The same out_trade_no again answers while the order is open and the body agrees.
    /// </summary>
    private static PayResult Prepay(PayRequest r, PayStore store, IConfiguration configuration, bool native)
    {
        JsonElement j;
        try { j = r.Element(); }
        catch (JsonException) { return PayResult.Error(400, "PARAM_ERROR", "请求体不是合法的JSON"); }
        string? Str(params string[] path) { var e = j; foreach (var p in path) if (!e.TryGetProperty(p,
            out e)) return null; return e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText(); }
        var appId = Str("appid"); var outTradeNo = Str("out_trade_no"); var notifyUrl = Str("notify_url"); var openId = Str("payer", "openid");
        if (Str("mchid") != r.MchId) return PayResult.Error(400, "PARAM_ERROR", "mchid与请求的商户号不一致");
        var expectedApp = configuration["Wechat:MiniProgram:AppId"];
        if (string.IsNullOrEmpty(appId) || (!string.IsNullOrEmpty(expectedApp) && appId != expectedApp)) return PayResult.Error(400, "APPID_MCHID_NOT_MATCH",
            "appid和mch_id不匹配");
        if (outTradeNo is null || !OutTradeNoPattern().IsMatch(outTradeNo)) return PayResult.Error(400, "PARAM_ERROR", "out_trade_no 6-32位数字、大小写字母");
        if (!long.TryParse(Str("amount", "total"), out var total) || total <= 0) return PayResult.Error(400, "PARAM_ERROR", "amount.total 必须大于0");
        if (!Uri.TryCreate(notifyUrl, UriKind.Absolute, out var notify) || notify.Query.Length > 0) return PayResult.Error(400, "PARAM_ERROR",
            "notify_url 不合法");
        if (!native && string.IsNullOrEmpty(openId)) return PayResult.Error(400, "PARAM_ERROR", "payer.openid 不能为空");
        if (native && openId is not null) return PayResult.Error(400, "PARAM_ERROR", "Native下单不需要payer");
        var tradeType = native ? "NATIVE" : "JSAPI";
        var expire = Str("time_expire");
        DateTimeOffset timeExpire = DateTimeOffset.UtcNow.AddDays(7);
        if (expire is not null && (!Regex.IsMatch(expire, @"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?[+-]\d\d:\d\d$") || !DateTimeOffset.TryParse(expire,
            out timeExpire)))
            return PayResult.Error(400, "PARAM_ERROR", "time_expire 必须是符合 RFC3339 日期时间格式");

        return store.Change(s =>
        {
            if (s.Orders.TryGetValue(outTradeNo, out var existing))
            {
                if (existing.State != "NOTPAY" || DateTimeOffset.UtcNow >= existing.TimeExpire) return PayResult.Error(403, "OUT_TRADE_NO_USED", "商户订单号重复");
                if (existing.Total != total || existing.TradeType != tradeType || (!native && existing.OpenId != openId))
                    return PayResult.Error(400, "INVALID_REQUEST", "201 商户订单号重复");
            }
            else
            {
                var order = new EmuOrder
                {
                    OutTradeNo = outTradeNo, AppId = appId, MchId = r.MchId, Description = Str("description") ?? "", Total = total, OpenId = openId ?? "",
                        TradeType = tradeType,
                    NotifyUrl = notifyUrl!, Attach = Str("attach"), TimeExpire = timeExpire, CreatedAt = DateTimeOffset.UtcNow,
                };
                s.Orders[outTradeNo] = order;
                s.Touch(order);
            }
            return native
                ? PayResult.Ok(new { code_url = "weixin://wxpay/bizpayurl?pr=" + outTradeNo })
                : PayResult.Ok(new { prepay_id = "wx" + DateTimeOffset.UtcNow.ToString("ddHHmmssfff") + Guid.NewGuid().ToString("N")[..20] });
        });
    }

    private static PayResult Query(PayRequest r, PayStore store)
    {
        var no = r.Http.GetRouteValue("outTradeNo") as string ?? "";
        if (r.Http.Request.Query["mchid"] != r.MchId) return PayResult.Error(400, "PARAM_ERROR", "mchid 参数缺失或不一致");
        return store.Change(s =>
        {
            if (!s.Orders.TryGetValue(no, out var order)) return PayResult.Error(404, "ORDER_NOT_EXIST", "订单不存在");
            if (order.State == "NOTPAY" && DateTimeOffset.UtcNow >= order.TimeExpire)
            {
                order.State = "CLOSED";
                s.Touch(order);
            }
            return PayResult.Ok(PayJson.Transaction(order));
        });
    }

    private static PayResult Close(PayRequest r, PayStore store)
    {
        var no = r.Http.GetRouteValue("outTradeNo") as string ?? "";
        return store.Change(s =>
        {
            if (!s.Orders.TryGetValue(no, out var order)) return PayResult.Error(404, "ORDER_NOT_EXIST", "订单不存在");
            if (order.State is "SUCCESS" or "REFUND") return PayResult.Error(400, "ORDERPAID", "订单已支付");
            order.State = "CLOSED";
            s.Touch(order);
            return PayResult.NoContent();
        });
    }
}
