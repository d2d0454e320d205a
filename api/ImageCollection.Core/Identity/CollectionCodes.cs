using System.Text.Json;

namespace ImageCollection.Core.Identity;

/// <summary>What the verifier could read from a collection code (only a licensed CHSI decoder can).</summary>
public sealed record ChsiFacts(
    string? ChsiStudentId,
    string? MaskedName,
    string? MaskedIdNumber,
    string? SchoolCode,
    int? GraduationYear,
    string? RegistrationStatus)
{
    /// <summary>学籍状态 "registered" (在籍): the only status that may be collected.</summary>
    public const string Registered = "registered";
}

public sealed record CollectionCodeVerification(bool Valid, string? Reason, ChsiFacts? Facts)
{
    public static CollectionCodeVerification Invalid(string reason) => new(false, reason, null);
}

/// <summary>Verifies a CHSI collection code (图像采集码) with the last 4 characters of the ID number.</summary>
public interface ICollectionCodeVerifier
{
    Task<CollectionCodeVerification> VerifyAsync(string code, string idLast4, CancellationToken cancellationToken);
}

/// <summary>
/// The default: the code is opaque and encrypted, so only its form is checked (printable, 16–512 characters, no
/// whitespace); no facts come back and eligibility is left to CHSI.
/// </summary>
public sealed class FormatOnlyCollectionCodeVerifier : ICollectionCodeVerifier
{
    public Task<CollectionCodeVerification> VerifyAsync(string code, string idLast4, CancellationToken cancellationToken) =>
        Task.FromResult(CheckFormat(code) is { } problem ? CollectionCodeVerification.Invalid(problem) : new CollectionCodeVerification(true, null, null));

    public static string? CheckFormat(string code) =>
        code.Length is < 16 or > 512 ? "A collection code has 16 to 512 characters."
        : code.Any(c => char.IsWhiteSpace(c) || char.IsControl(c) || c > '~') ? "A collection code has printable ASCII characters and no spaces."
        : null;
}

/// <summary>
/// Development and tests only: codes <c>CHSI-TEST:</c> + base64url(JSON of <see cref="ChsiFacts"/>) carry facts,
/// so the eligibility rules run; other codes are checked like the default verifier.
/// </summary>
public sealed class TestCollectionCodeVerifier : ICollectionCodeVerifier
{
    public const string Prefix = "CHSI-TEST:";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Task<CollectionCodeVerification> VerifyAsync(string code, string idLast4, CancellationToken cancellationToken)
    {
        if (FormatOnlyCollectionCodeVerifier.CheckFormat(code) is { } problem)
            return Task.FromResult(CollectionCodeVerification.Invalid(problem));
        if (!code.StartsWith(Prefix, StringComparison.Ordinal))
            return Task.FromResult(new CollectionCodeVerification(true, null, null));
        ChsiFacts? facts;
        try
        {
            facts = JsonSerializer.Deserialize<ChsiFacts>(Base64UrlDecode(code[Prefix.Length..]), Json);
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return Task.FromResult(CollectionCodeVerification.Invalid("The collection code cannot be read."));
        }
        if (facts?.MaskedIdNumber is { Length: >= 4 } id && !id[^4..].Equals(idLast4, StringComparison.OrdinalIgnoreCase))
            return Task.FromResult(CollectionCodeVerification.Invalid("The last 4 characters of the ID number do not match this code."));
        return Task.FromResult(new CollectionCodeVerification(true, null, facts));
    }

    public static string Encode(ChsiFacts facts) =>
        Prefix + Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(facts, Json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string s)
    {
        var b = s.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(b.PadRight(b.Length + (4 - b.Length % 4) % 4, '='));
    }
}
