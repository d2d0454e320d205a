using System.Security.Claims;
using FluentValidation;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Auth;

/// <summary>Staff log in with a user name and password; the answer carries a token and sets the dashboard cookie.</summary>
public static class StaffAuthApi
{
    public static IEndpointRouteBuilder MapStaffAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/auth").WithTags("Staff auth");
        group.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(AuthSetup.StaffLoginRateLimit)
            .WithName("StaffLogin").WithSummary("Log a staff member in")
            .ProducesProblem(401).ProducesProblem(429);
        group.MapPost("/logout", Logout).AllowAnonymous().WithName("StaffLogout")
            .WithSummary("Log out: clears the dashboard cookie and ends every token of the account");
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
        IPasswordHasher<StaffUser> hasher, TokenIssuer tokens, TimeProvider clock, HttpContext http,
        IHostEnvironment environment, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var userName = StaffUser.Normalize(request.UserName);
        var staff = await db.StaffUsers.SingleOrDefaultAsync(s => s.UserName == userName, ct);
        if (staff is not null && staff.IsLoginBlocked(now))
            throw new TooManyRequestsException("auth.login_backoff",
                "Too many wrong passwords for this account; wait before trying again.", staff.LoginBlockedUntil!.Value - now);
        // Hash even for an unknown user, so timing does not tell which user names exist.
        var result = PasswordVerificationResult.Failed;
        if (staff is null) hasher.VerifyHashedPassword(DummyUser, DummyHash, request.Password);
        else result = hasher.VerifyHashedPassword(staff, staff.PasswordHash, request.Password);
        if (staff is not null && result == PasswordVerificationResult.Failed) await CountFailureAsync(db, staff.Id, now, ct);
        if (staff is null || !staff.IsActive || result == PasswordVerificationResult.Failed)
            throw new DomainException(DomainErrorKind.Unauthorized, "auth.invalid_credentials", "Wrong user name or password.");
        if (result == PasswordVerificationResult.SuccessRehashNeeded)
            staff.UpgradePasswordHash(hasher.HashPassword(staff, request.Password));
        staff.LoggedIn(now);
        await db.SaveChangesAsync(ct);

        var token = tokens.ForStaff(staff);
        http.Response.Cookies.Append(AuthSetup.StaffCookie, token.AccessToken, CookieOptions(http, environment, token.ExpiresAt));
        return TypedResults.Ok(new StaffLoginResponse(token.AccessToken, token.ExpiresAt, Profile(staff)));
    }

    /// <summary>
    /// One wrong password more, counted in the row itself (concurrent attempts on several replicas all count); from the
    /// fifth in a row the account backs off (30 s, doubling, at most 15 minutes).
    /// </summary>
    private static Task CountFailureAsync(AppDbContext db, Guid staffId, DateTimeOffset now, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            update staff_users set failed_login_count = failed_login_count + 1,
                login_blocked_until = case when failed_login_count + 1 >= {StaffUser.FailuresBeforeBackoff}
                    then {now} + make_interval(secs => least({StaffUser.MaxBackoff.TotalSeconds},
                        {StaffUser.FirstBackoff.TotalSeconds} * power(2, least(20, failed_login_count + 1 - {StaffUser.FailuresBeforeBackoff}))))
                    else login_blocked_until end
            where id = {staffId}
            """, ct);

    /// <summary>
    /// The staff cookie is Secure everywhere but in local development over plain HTTP (a TLS-terminating proxy in front
    /// makes the request look like HTTP to us: the cookie must not depend on that).
    /// </summary>
    private static CookieOptions CookieOptions(HttpContext http, IHostEnvironment environment, DateTimeOffset? expires) => new()
    {
        HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/staff",
        Secure = http.Request.IsHttps || !(environment.IsDevelopment() || environment.IsEnvironment("Testing")),
        Expires = expires,
    };

    /// <summary>Clears the cookie and, for a logged-in staff member, ends every token of the account (the stamp is renewed).</summary>
    public static async Task<NoContent> Logout(HttpContext http, ClaimsPrincipal user, AppDbContext db, StaffAccounts accounts,
        IHostEnvironment environment, TimeProvider clock, CancellationToken ct)
    {
        http.Response.Cookies.Delete(AuthSetup.StaffCookie, CookieOptions(http, environment, null));
        if (!user.HasClaim(Claims.Kind, Claims.StaffKind)) return TypedResults.NoContent();
        var staff = await db.StaffUsers.SingleOrDefaultAsync(s => s.Id == user.UserId(), ct);
        if (staff is null) return TypedResults.NoContent();
        staff.RenewStamp();
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "staff_user.logged_out", nameof(StaffUser), staff.Id, null, null, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await accounts.ChangedAsync(db, staff.Id, ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<StaffProfile>, NotFound>> Me(ClaimsPrincipal user, AppDbContext db, CancellationToken ct)
    {
        var id = user.UserId();
        var staff = await db.StaffUsers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, ct);
        return staff is null ? TypedResults.NotFound() : TypedResults.Ok(Profile(staff));
    }

    private static readonly StaffUser DummyUser = new("-", "-", [], [], DateTimeOffset.UnixEpoch);
    private static readonly string DummyHash = new PasswordHasher<StaffUser>().HashPassword(DummyUser, Guid.NewGuid().ToString());
}
