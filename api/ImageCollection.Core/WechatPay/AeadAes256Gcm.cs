using System.Security.Cryptography;
using System.Text;

namespace ImageCollection.Core.WechatPay;

/// <summary>AEAD_AES_256_GCM of callbacks and certificates: key = APIv3 key bytes, tag = the last 16 bytes of the ciphertext.</summary>
public static class AeadAes256Gcm
{
    private const int TagSize = 16;

    public static string Decrypt(byte[] key, string nonce, string? associatedData, string ciphertextBase64)
    {
        var raw = Convert.FromBase64String(ciphertextBase64);
        if (raw.Length < TagSize) throw new CryptographicException("Ciphertext shorter than its tag.");
        var plain = new byte[raw.Length - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(Encoding.UTF8.GetBytes(nonce), raw.AsSpan(0, plain.Length), raw.AsSpan(plain.Length), plain,
            Encoding.UTF8.GetBytes(associatedData ?? ""));
        return Encoding.UTF8.GetString(plain);
    }
}
