using System.Security.Cryptography;
using System.Text;

namespace ImageCollection.Core.WechatPay;

/// <summary>SHA256withRSA (PKCS#1 v1.5) over WeChat Pay's line-based messages (spec §2, §3, §6.2).</summary>
public static class WechatPaySignature
{
    public const string Scheme = "WECHATPAY2-SHA256-RSA2048";

    /// <summary>Method, path and raw query as sent, timestamp, nonce, body: every line ends with \n.</summary>
    public static string RequestMessage(string method, string pathAndQuery, long timestamp, string nonce, string body) =>
        $"{method}\n{pathAndQuery}\n{timestamp}\n{nonce}\n{body}\n";

    /// <summary>Timestamp, nonce, raw body: every line ends with \n (an empty body is just \n).</summary>
    public static byte[] ResponseMessage(string timestamp, string nonce, ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetBytes($"{timestamp}\n{nonce}\n");
        var message = new byte[head.Length + body.Length + 1];
        head.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(head.Length));
        message[^1] = (byte)'\n';
        return message;
    }

    /// <summary>appId, timeStamp, nonceStr, package: four lines, each ending with \n.</summary>
    public static string PaySignMessage(string appId, string timeStamp, string nonceStr, string package) =>
        $"{appId}\n{timeStamp}\n{nonceStr}\n{package}\n";

    public static string Sign(RSA key, string message) =>
        Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(message), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));

    /// <summary>False for anything that is not a valid signature, including non-base64 probe values.</summary>
    public static bool Verify(RSA key, ReadOnlySpan<byte> message, string signatureBase64)
    {
        var signature = new byte[signatureBase64.Length];
        if (!Convert.TryFromBase64String(signatureBase64, signature, out var length)) return false;
        return key.VerifyData(message, signature.AsSpan(0, length), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    public static string Authorization(string mchId, string nonce, string signature, long timestamp, string serialNo) =>
        $"{Scheme} mchid=\"{mchId}\",nonce_str=\"{nonce}\",signature=\"{signature}\",timestamp=\"{timestamp}\",serial_no=\"{serialNo}\"";

    public static string NewNonce() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
