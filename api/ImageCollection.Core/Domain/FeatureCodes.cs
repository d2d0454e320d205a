using System.Security.Cryptography;

namespace ImageCollection.Core.Domain;

/// <summary>Batch feature codes (采集批次特征码): generated, or given by staff as schools already print them.</summary>
public static class FeatureCodes
{
    /// <summary>No 0/O/1/I/L, which students misread from a notice.</summary>
    public const string Alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int GeneratedLength = 6;

    public static string Generate()
    {
        Span<char> code = stackalloc char[GeneratedLength];
        for (var i = 0; i < code.Length; i++) code[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        return new string(code);
    }

    public static string Normalize(string code) => code.Trim().ToUpperInvariant();

    /// <summary>A staff-given code: 4–6 ASCII letters or digits.</summary>
    public static bool IsValidGiven(string code)
    {
        var c = code.Trim();
        return c.Length is >= 4 and <= 6 && c.All(char.IsAsciiLetterOrDigit);
    }
}
