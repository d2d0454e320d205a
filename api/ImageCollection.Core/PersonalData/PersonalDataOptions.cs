namespace ImageCollection.Core.PersonalData;

/// <summary>Section <c>PersonalData</c>: keys for encryption at rest and keyed lookup hashes (base64, 32 bytes each).</summary>
public sealed class PersonalDataOptions
{
    public const string Section = "PersonalData";

    /// <summary>AES-256-GCM key for ID numbers, collection codes, phones, student numbers.</summary>
    public string EncryptionKey { get; set; } = "";

    /// <summary>HMAC-SHA256 key for finding those values without decrypting them.</summary>
    public string HashKey { get; set; } = "";
}
