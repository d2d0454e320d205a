using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ImageCollection.Core.MiniProgram;
using Microsoft.Extensions.Options;

namespace ImageCollection.Core.WechatPay;

/// <summary>
/// Our WeChat Pay API v3 client (spec §6–§8): every 2xx response is verified before it is trusted. Every operation is
/// idempotent by its key (out_trade_no / out_refund_no), so the resilience handler may resend it.
/// </summary>
public sealed class WechatPayClient(HttpClient http, WechatPayKeys keys, WechatPayVerifier verifier, TimeProvider clock,
    IOptions<WechatPayOptions> options, IOptions<WechatMiniProgramOptions> miniProgram)
{
    public string AppId => miniProgram.Value.AppId;
    public string MchId => keys.MchId;
    public WechatPayOptions Options => options.Value;

    /// <summary>JSAPI prepay; the same out_trade_no with the same parameters gives a fresh prepay_id.</summary>
    public async Task<string> PrepayAsync(JsapiPrepayRequest request, CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Post, "v3/pay/transactions/jsapi", request, WechatPayRetry.Idempotent, ct);
        return JsonDocument.Parse(body).RootElement.GetProperty("prepay_id").GetString()
               ?? throw new WechatPaySignatureException("Prepay answered without prepay_id.");
    }

    /// <summary>Native prepay (a station's QR): the <c>code_url</c> the QR encodes; the same out_trade_no again gives one to show.</summary>
    public async Task<string> NativePrepayAsync(NativePrepayRequest request, CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Post, "v3/pay/transactions/native", request, WechatPayRetry.Idempotent, ct);
        return JsonDocument.Parse(body).RootElement.GetProperty("code_url").GetString()
               ?? throw new WechatPaySignatureException("Native prepay answered without code_url.");
    }

    /// <summary>The wx.requestPayment parameters: paySign over appId, timeStamp, nonceStr, package.</summary>
    public MiniProgramPayParameters PayParameters(string prepayId)
    {
        var timeStamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        var nonce = WechatPaySignature.NewNonce();
        var package = "prepay_id=" + prepayId;
        var paySign = WechatPaySignature.Sign(keys.MerchantPrivateKey, WechatPaySignature.PaySignMessage(AppId, timeStamp, nonce, package));
        return new MiniProgramPayParameters(timeStamp, nonce, package, "RSA", paySign);
    }

    /// <summary>The order's state at WeChat, or null when WeChat does not know it.</summary>
    public async Task<WechatTransaction?> QueryAsync(string outTradeNo, CancellationToken ct)
    {
        try
        {
            var body = await SendAsync(HttpMethod.Get, $"v3/pay/transactions/out-trade-no/{outTradeNo}?mchid={keys.MchId}", null,
                WechatPayRetry.Idempotent, ct);
            return JsonSerializer.Deserialize<WechatTransaction>(body, WechatPayJson.Options);
        }
        catch (WechatPayApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>Closes an unpaid order (204). Query first: a paid order cannot be closed.</summary>
    public Task CloseAsync(string outTradeNo, CancellationToken ct) =>
        SendAsync(HttpMethod.Post, $"v3/pay/transactions/out-trade-no/{outTradeNo}/close", new { mchid = keys.MchId }, WechatPayRetry.Idempotent, ct);

    /// <summary>Creates (or, with the same out_refund_no, re-sends) a refund. 429 and timeouts are not retried blindly.</summary>
    public async Task<WechatRefund> RefundAsync(CreateRefundRequest request, CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Post, "v3/refund/domestic/refunds", request, WechatPayRetry.RefundCreate, ct);
        return JsonSerializer.Deserialize<WechatRefund>(body, WechatPayJson.Options)!;
    }

    /// <summary>The refund's state at WeChat, or null when WeChat does not know it.</summary>
    public async Task<WechatRefund?> QueryRefundAsync(string outRefundNo, CancellationToken ct)
    {
        try
        {
            var body = await SendAsync(HttpMethod.Get, $"v3/refund/domestic/refunds/{outRefundNo}", null, WechatPayRetry.Idempotent, ct);
            return JsonSerializer.Deserialize<WechatRefund>(body, WechatPayJson.Options);
        }
        catch (WechatPayApiException e) when (e.IsNotFound)
        {
            return null;
        }
    }

    /// <summary>The trade bill of a day (spec §7.3): a signed request for the address, then an unsigned download checked by its SHA1.</summary>
    public async Task<TradeBill> TradeBillAsync(DateOnly date, CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Get, $"v3/bill/tradebill?bill_date={date:yyyy-MM-dd}&bill_type=ALL&tar_type=GZIP", null,
            WechatPayRetry.Idempotent, ct);
        var answer = JsonDocument.Parse(body).RootElement;
        var url = answer.GetProperty("download_url").GetString()!;
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("*/*");
        request.Options.Set(WechatPayRetryOption.Key, WechatPayRetry.Idempotent);
        using var response = await http.SendAsync(request, ct);
        var file = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode) throw WechatPayApiException.From(response.StatusCode, file, RequestId(response), false);
        return TradeBill.Parse(file, answer.GetProperty("hash_value").GetString()!);
    }

    private async Task<byte[]> SendAsync(HttpMethod method, string pathAndQuery, object? payload, WechatPayRetry retry, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, pathAndQuery);
        if (payload is not null)
        {
            // Serialised once: the signing handler signs these exact bytes.
            request.Content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(payload, WechatPayJson.Options));
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }
        request.Options.Set(WechatPayRetryOption.Key, retry);
        using var response = await http.SendAsync(request, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        if (!response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.Accepted)
            throw WechatPayApiException.From(response.StatusCode, body, RequestId(response), retry == WechatPayRetry.RefundCreate);
        await verifier.VerifyAsync(WechatPaySignedHeaders.From(n => response.Headers.TryGetValues(n, out var v) ? v.FirstOrDefault() : null), body, ct);
        return body;
    }

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Request-ID", out var v) ? v.FirstOrDefault() : null;
}

/// <summary>How the resilience handler may resend a request: its key on <see cref="HttpRequestMessage.Options"/>.</summary>
public enum WechatPayRetry
{
    /// <summary>Queries, prepay, close: resent on transport errors, timeouts, 5xx and 429.</summary>
    Idempotent,
    /// <summary>Refund create: resent on transport errors, timeouts and 5xx (same out_refund_no); a 429 goes back to the caller to query first.</summary>
    RefundCreate,
}

public static class WechatPayRetryOption
{
    public static readonly HttpRequestOptionsKey<WechatPayRetry> Key = new("wechatpay.retry");
}
