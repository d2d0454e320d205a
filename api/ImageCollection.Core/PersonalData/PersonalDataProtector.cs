using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ImageCollection.Core.PersonalData;

/// <summary>The kinds of personal values; each gets its own hash domain so equal strings of two kinds never match.</summary>
public enum PersonalField { IdNumber, CollectionCode, Phone, StudentNumber, SessionKey }

/// <summary>Encrypts personal values at rest (AES-256-GCM) and derives keyed hashes (HMAC-SHA256) to find them.</summary>
public sealed class PersonalDataProtector
{
    private const byte FormatVersion = 1;
    private const int NonceSize = 12, TagSize = 16;
    private readonly byte[] _encryptionKey;
    private readonly byte[] _hashKey;

    public PersonalDataProtector(IOptions<PersonalDataOptions> options)
    {
        _encryptionKey = DecodeKey(options.Value.EncryptionKey, "PersonalData:EncryptionKey");
        _hashKey = DecodeKey(options.Value.HashKey, "PersonalData:HashKey");
    }

    /// <summary>version (1) | nonce (12) | ciphertext | tag (16); the field kind is authenticated data.</summary>
    public byte[] Encrypt(PersonalField field, string value)
    {
        var plain = Encoding.UTF8.GetBytes(value);
        var output = new byte[1 + NonceSize + plain.Length + TagSize];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(1 + NonceSize, plain.Length), output.AsSpan(output.Length - TagSize), Aad(field));
        return output;
    }

    public string Decrypt(PersonalField field, byte[] cipher)
    {
        if (cipher.Length < 1 + NonceSize + TagSize || cipher[0] != FormatVersion)
            throw new CryptographicException("Unknown personal-data cipher format.");
        var plain = new byte[cipher.Length - 1 - NonceSize - TagSize];
        using var aes = new AesGcm(_encryptionKey, TagSize);
        aes.Decrypt(cipher.AsSpan(1, NonceSize), cipher.AsSpan(1 + NonceSize, plain.Length),
            cipher.AsSpan(cipher.Length - TagSize), plain, Aad(field));
        return Encoding.UTF8.GetString(plain);
    }

    /// <summary>Keyed hash of the normalised value (trimmed, upper-case), for equality lookups.</summary>
    public byte[] Hash(PersonalField field, string value)
    {
        var data = Encoding.UTF8.GetBytes($"{field}:{Normalize(value)}");
        return HMACSHA256.HashData(_hashKey, data);
    }

    /// <summary>A short hex form of <see cref="Hash"/> for audit data, where the raw value must not appear.</summary>
    public string HashForAudit(PersonalField field, string value) => Convert.ToHexStringLower(Hash(field, value))[..16];

    public static string Normalize(string value) => value.Trim().ToUpperInvariant();

    private static byte[] Aad(PersonalField field) => Encoding.ASCII.GetBytes(field.ToString());

    internal static byte[] DecodeKey(string? base64, string name)
    {
        byte[] key;
        try { key = Convert.FromBase64String(base64 ?? ""); }
        catch (FormatException) { throw new Hosting.ConfigurationException($"{name} must be base64."); }
        if (key.Length != 32) throw new Hosting.ConfigurationException($"{name} must be 32 bytes (base64 of 32 random bytes).");
        return key;
    }
}
