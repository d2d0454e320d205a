using FluentValidation;
using ImageCollection.Api.Auth;
using ImageCollection.Api.Infrastructure;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.StaffAuth;

/// <summary>Staff log in with a user name and password; the answer carries a token and sets the dashboard cookie.</summary>
public static class StaffAuthApi
{
    public static IEndpointRouteBuilder MapStaffAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/auth").WithTags("Staff auth");
        group.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(AuthSetup.StaffLoginRateLimit)
            .Validate<StaffLoginRequest>().WithName("StaffLogin").WithSummary("Log a staff member in")
            .ProducesProblem(401).ProducesProblem(429);
        group.MapPost("/logout", Logout).AllowAnonymous().WithName("StaffLogout").WithSummary("Clear the dashboard cookie");
        group.MapGet("/me", Me).RequireAuthorization(Policies.Staff).WithName("StaffMe").WithSummary("The logged-in staff member")
            .ProducesProblem(401);
        return app;
    }

    public sealed record StaffLoginRequest(string UserName, string Password);

    public sealed record StaffProfile(Guid Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> SchoolCodes);

    public sealed record StaffLoginResponse(string AccessToken, DateTimeOffset ExpiresAt, StaffProfile Staff);

    public sealed class StaffLoginRequestValidator : AbstractValidator<StaffLoginRequest>
    {
        public StaffLoginRequestValidator()
        {
            RuleFor(r => r.UserName).NotEmpty().MaximumLength(64);
            RuleFor(r => r.Password).NotEmpty().MaximumLength(256);
        }
    }

    public static StaffProfile Profile(StaffUser s) => new(s.Id, s.UserName, s.DisplayName, s.Roles, s.SchoolCodes);

    public static async Task<Ok<StaffLoginResponse>> Login(StaffLoginRequest request, AppDbContext db,
        IPasswordHasher<StaffUser> hasher, TokenIssuer tokens, TimeProvider clock, HttpContext http, CancellationToken ct)
    {
        var userName = StaffUser.Normalize(request.UserName);
        var staff = await db.StaffUsers.SingleOrDefaultAsync(s => s.UserName == userName, ct);
        // Hash even for an unknown user, so timing does not tell which user names exist.
        var result = PasswordVerificationResult.Failed;
        if (staff is null) hasher.VerifyHashedPassword(DummyUser, DummyHash, request.Password);
        else result = hasher.VerifyHashedPassword(staff, staff.PasswordHash, request.Password);
        if (staff is null || !staff.IsActive || result == PasswordVerificationResult.Failed)
            throw new DomainException(DomainErrorKind.Unauthorized, "auth.invalid_credentials", "Wrong user name or password.");
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            staff.SetPasswordHash(hasher.HashPassword(staff, request.Password));
        staff.LoggedIn(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);

        var token = tokens.ForStaff(staff);
        http.Response.Cookies.Append(AuthSetup.StaffCookie, token.AccessToken, new CookieOptions
        {
            HttpOnly = true, Secure = http.Request.IsHttps, SameSite = SameSiteMode.Strict, Path = "/staff",
            Expires = token.ExpiresAt,
        });
        return TypedResults.Ok(new StaffLoginResponse(token.AccessToken, token.ExpiresAt, Profile(staff)));
    }

    public static NoContent Logout(HttpContext http)
    {
        http.Response.Cookies.Delete(AuthSetup.StaffCookie, new CookieOptions { Path = "/staff" });
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<StaffProfile>, NotFound>> Me(System.Security.Claims.ClaimsPrincipal user, AppDbContext db, CancellationToken ct)
    {
        var id = user.UserId();
        var staff = await db.StaffUsers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        return staff is null ? TypedResults.NotFound() : TypedResults.Ok(Profile(staff));
    }

    private static readonly StaffUser DummyUser = new("-", "-", [], [], DateTimeOffset.UnixEpoch);
    private static readonly string DummyHash = new PasswordHasher<StaffUser>().HashPassword(DummyUser, Guid.NewGuid().ToString());
}
