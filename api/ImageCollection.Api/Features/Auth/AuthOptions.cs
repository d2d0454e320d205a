namespace ImageCollection.Api.Features.Auth;

/// <summary>Section <c>Auth</c>: JWTs for students (mini-program) and staff.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>HMAC-SHA256 key, base64 of at least 32 random bytes (openssl rand -base64 48).</summary>
    public string SigningKey { get; set; } = "";

    public string Issuer { get; set; } = "imagecollection";

    public TimeSpan StudentTokenLifetime { get; set; } = TimeSpan.FromHours(2);

    public TimeSpan StaffTokenLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// Staff login attempts allowed per client address and minute, per API replica (a guard against spraying many
    /// accounts from one address; each account also backs off by itself after repeated wrong passwords).
    /// </summary>
    public int StaffLoginPermitsPerMinute { get; set; } = 60;

    /// <summary>Enrollment attempts per student and minute, per API replica (each may decode a QR screenshot).</summary>
    public int EnrollmentAttemptsPerMinute { get; set; } = 10;

    public byte[] SigningKeyBytes()
    {
        try { return Convert.FromBase64String(SigningKey); }
        catch (FormatException) { return []; }
    }
}
