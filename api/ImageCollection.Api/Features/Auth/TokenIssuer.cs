using System.Security.Claims;
using ImageCollection.Core.Domain;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ImageCollection.Api.Features.Auth;

public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt);

/// <summary>Mints the short-lived JWTs the API accepts.</summary>
public sealed class TokenIssuer(IOptions<AuthOptions> options, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    public IssuedToken ForStudent(Student student) =>
        Issue([new(Claims.Subject, student.Id.ToString()), new(Claims.Kind, Claims.StudentKind)],
            options.Value.StudentTokenLifetime);

    public IssuedToken ForStaff(StaffUser staff)
    {
        List<Claim> claims = [new(Claims.Subject, staff.Id.ToString()), new(Claims.Kind, Claims.StaffKind), new("name", staff.UserName),
            new(Claims.Stamp, staff.SecurityStamp)];
        claims.AddRange(staff.Roles.Select(r => new Claim(Claims.Role, r)));
        claims.AddRange(staff.SchoolCodes.Select(c => new Claim(Claims.School, c)));
        return Issue(claims, options.Value.StaffTokenLifetime);
    }

    private IssuedToken Issue(IEnumerable<Claim> claims, TimeSpan lifetime)
    {
        var now = clock.GetUtcNow();
        var expires = now + lifetime;
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(options.Value.SigningKeyBytes()), SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, expires);
    }
}
