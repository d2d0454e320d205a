using System.Security.Cryptography;
using System.Text;

namespace ImageCollection.WechatEmulator.Crypto;

/// <summary>
/// The emulator's own signing, verifying and encrypting, written apart from the API's client so that a mistake in
/// one cannot hide the same mistake in the other.
/// </summary>
public static class EmulatorCrypto
{
    public static string SignResponse(RSA key, long timestamp, string nonce, byte[] body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp + "\n" + nonce + "\n");
        var data = prefix.Concat(body).Append((byte)0x0A).ToArray();
        return Convert.ToBase64String(key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    /// <summary>WeChat's request rule: METHOD, path?query as sent, timestamp, nonce, body; each line ends with a newline.</summary>
    public static bool VerifyRequest(RSA merchantKey, string method, string rawTarget, string timestamp, string nonce, byte[] body, string signature)
    {
        byte[] sig;
        try { sig = Convert.FromBase64String(signature); }
        catch (FormatException) { return false; }
        var head = Encoding.UTF8.GetBytes(string.Join('\n', method, rawTarget, timestamp, nonce) + "\n");
        var data = head.Concat(body).Append((byte)0x0A).ToArray();
        return merchantKey.VerifyData(data, sig, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>AEAD_AES_256_GCM as WeChat sends it: base64(ciphertext || 16-byte tag), a 12-character nonce.</summary>
    public static (string Ciphertext, string Nonce) Encrypt(string apiV3Key, string associatedData, string plaintext)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        var nonce = new string(Enumerable.Range(0, 12).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]).ToArray());
        var plain = Encoding.UTF8.GetBytes(plaintext);
        var output = new byte[plain.Length + 16];
        using var gcm = new AesGcm(Encoding.UTF8.GetBytes(apiV3Key), 16);
        gcm.Encrypt(Encoding.UTF8.GetBytes(nonce), plain, output.AsSpan(0, plain.Length), output.AsSpan(plain.Length), Encoding.UTF8.GetBytes(associatedData));
        return (Convert.ToBase64String(output), nonce);
    }

    public static string Nonce() => Guid.NewGuid().ToString("N").ToUpperInvariant();
}
