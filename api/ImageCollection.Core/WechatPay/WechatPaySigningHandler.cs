namespace ImageCollection.Core.WechatPay;

/// <summary>
/// Signs each attempt of a request over the exact bytes it sends (method, PathAndQuery of the real request, a fresh
/// timestamp and nonce, the body). It sits inside the retry handler, so every retry is signed anew.
/// </summary>
public sealed class WechatPaySigningHandler(WechatPayKeys keys, TimeProvider clock) : DelegatingHandler
{
    public const string UserAgent = "ImageCollection/1.0 (Linux; .NET 10) WechatPayV3";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        var nonce = WechatPaySignature.NewNonce();
        var message = WechatPaySignature.RequestMessage(request.Method.Method, request.RequestUri!.PathAndQuery, timestamp, nonce, body);
        var signature = WechatPaySignature.Sign(keys.MerchantPrivateKey, message);

        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization",
            WechatPaySignature.Authorization(keys.MchId, nonce, signature, timestamp, keys.MerchantSerialNumber));
        if (request.Headers.Accept.Count == 0) request.Headers.Accept.ParseAdd("application/json");
        if (request.Headers.UserAgent.Count == 0) request.Headers.UserAgent.ParseAdd(UserAgent);
        // Responses are signed with the key this names: ours is the WeChat Pay public key.
        request.Headers.Remove("Wechatpay-Serial");
        if (!string.IsNullOrEmpty(keys.PublicKeyId)) request.Headers.TryAddWithoutValidation("Wechatpay-Serial", keys.PublicKeyId);
        return await base.SendAsync(request, cancellationToken);
    }
}
