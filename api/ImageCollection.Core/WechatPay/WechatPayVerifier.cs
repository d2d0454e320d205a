using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace ImageCollection.Core.WechatPay;

/// <summary>The signature headers of a WeChat Pay response or callback.</summary>
public sealed record WechatPaySignedHeaders(string? Timestamp, string? Nonce, string? Signature, string? Serial, string? SignatureType)
{
    public static WechatPaySignedHeaders From(Func<string, string?> header) => new(
        header("Wechatpay-Timestamp"), header("Wechatpay-Nonce"), header("Wechatpay-Signature"), header("Wechatpay-Serial"),
        header("Wechatpay-Signature-Type"));
}

/// <summary>
/// Verifies responses and callbacks against their raw body (spec §3): freshness first (5 minutes), probes refused,
/// the key chosen by serial — the WeChat Pay public key for <c>PUB_KEY_ID_…</c>, else a platform certificate.
/// </summary>
public sealed class WechatPayVerifier(WechatPayKeys keys, PlatformCertificateStore certificates, TimeProvider clock, ILogger<WechatPayVerifier> logger)
{
    public static readonly TimeSpan Freshness = TimeSpan.FromMinutes(5);
    public const string ProbePrefix = "WECHATPAY/SIGNTEST/";
    public const string SignatureType = "WECHATPAY2-SHA256-RSA2048";

    public async Task VerifyAsync(WechatPaySignedHeaders h, ReadOnlyMemory<byte> body, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(h.Timestamp) || string.IsNullOrEmpty(h.Nonce) || string.IsNullOrEmpty(h.Signature) || string.IsNullOrEmpty(h.Serial))
            throw new WechatPaySignatureException("Wechatpay-Timestamp, -Nonce, -Signature and -Serial are required.");
        if (!string.IsNullOrEmpty(h.SignatureType) && h.SignatureType != SignatureType)
            throw new WechatPaySignatureException($"Unsupported signature type {h.SignatureType}.");
        if (h.Signature.StartsWith(ProbePrefix, StringComparison.Ordinal))
        {
            logger.LogInformation("WeChat Pay signature probe refused (serial {Serial})", h.Serial);
            throw new WechatPaySignatureException("Signature probe (WECHATPAY/SIGNTEST/).", isProbe: true);
        }
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        // Compared as numbers: a timestamp far outside the calendar is stale, not an error.
        if (!long.TryParse(h.Timestamp, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            || seconds <= now - (long)Freshness.TotalSeconds || seconds >= now + (long)Freshness.TotalSeconds)
            throw new WechatPaySignatureException("Wechatpay-Timestamp is more than 5 minutes off.");

        var key = await KeyForAsync(h.Serial, ct) ?? throw new WechatPaySignatureException($"No WeChat Pay key has serial {h.Serial}.");
        if (!WechatPaySignature.Verify(key, WechatPaySignature.ResponseMessage(h.Timestamp, h.Nonce, body.Span), h.Signature))
            throw new WechatPaySignatureException("The WeChat Pay signature does not match the body.");
    }

    private async Task<RSA?> KeyForAsync(string serial, CancellationToken ct)
    {
        if (serial.StartsWith("PUB_KEY_ID_", StringComparison.Ordinal))
            return serial == keys.PublicKeyId ? keys.PublicKey : null;
        if (!certificates.Enabled) return null;
        // An unknown certificate serial may be a rotation: refresh once, then give up.
        return certificates.Find(serial) ?? (await certificates.RefreshAsync(ct) ? certificates.Find(serial) : null);
    }
}
