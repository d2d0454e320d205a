using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ImageCollection.Core.WechatPay;

/// <summary>The key material of <see cref="WechatPayOptions"/>, loaded once. Secrets never appear in messages.</summary>
public sealed class WechatPayKeys : IDisposable
{
    public WechatPayKeys(IOptions<WechatPayOptions> options)
    {
        var o = options.Value;
        MchId = o.MchId;
        MerchantSerialNumber = o.MerchantSerialNumber;
        PublicKeyId = o.PublicKeyId;
        MerchantPrivateKey = RSA.Create();
        MerchantPrivateKey.ImportFromPem(WechatPayOptions.ReadPem(o.MerchantPrivateKey));
        PublicKey = RSA.Create();
        PublicKey.ImportFromPem(WechatPayOptions.ReadPem(o.PublicKey));
        ApiV3Key = Encoding.UTF8.GetBytes(o.ApiV3Key);
    }

    public string MchId { get; }
    public string MerchantSerialNumber { get; }
    public string PublicKeyId { get; }
    public RSA MerchantPrivateKey { get; }
    public RSA PublicKey { get; }
    public byte[] ApiV3Key { get; }

    public void Dispose()
    {
        MerchantPrivateKey.Dispose();
        PublicKey.Dispose();
    }
}
