namespace ImageCollection.Core.WechatPay;

/// <summary>Section <c>WechatPay</c>: the merchant's WeChat Pay API v3 credentials. The pay AppId is Wechat:MiniProgram:AppId.</summary>
public sealed class WechatPayOptions
{
    public const string Section = "WechatPay";

    /// <summary>https://api.mch.weixin.qq.com in production; the emulator locally.</summary>
    public string BaseUrl { get; set; } = "https://api.mch.weixin.qq.com";

    /// <summary>商户号.</summary>
    public string MchId { get; set; } = "";

    /// <summary>Serial of the merchant API certificate (40 hex characters): <c>serial_no</c> of our signatures.</summary>
    public string MerchantSerialNumber { get; set; } = "";

    /// <summary>The merchant API private key (apiclient_key.pem): PEM text or a file path.</summary>
    public string MerchantPrivateKey { get; set; } = "";

    /// <summary>APIv3 key: 32 ASCII characters, used as raw bytes for AES-256-GCM.</summary>
    public string ApiV3Key { get; set; } = "";

    /// <summary>WeChat Pay public key id (<c>PUB_KEY_ID_…</c>): verifies responses and callbacks (public-key mode).</summary>
    public string PublicKeyId { get; set; } = "";

    /// <summary>WeChat Pay public key: PEM text or a file path.</summary>
    public string PublicKey { get; set; } = "";

    /// <summary>
    /// Legacy platform-certificate mode, optional: <c>download</c> to fetch <c>/v3/certificates</c> and refresh them
    /// on a schedule, or certificate PEM text / a file path of known certificates (they are refreshed too).
    /// </summary>
    public string? PlatformCertificates { get; set; }

    /// <summary>Where WeChat posts payment results: https, no query string.</summary>
    public string NotifyUrl { get; set; } = "";

    /// <summary>Where WeChat posts refund results.</summary>
    public string RefundNotifyUrl { get; set; } = "";

    /// <summary>Reads a PEM value given inline or as a path.</summary>
    public static string ReadPem(string valueOrPath) =>
        valueOrPath.Contains("-----BEGIN", StringComparison.Ordinal) ? valueOrPath : File.ReadAllText(valueOrPath);
}
