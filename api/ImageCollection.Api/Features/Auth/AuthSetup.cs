using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ImageCollection.Api.Features.Auth;

public static class AuthSetup
{
    /// <summary>The staff cookie carries the staff JWT for the Hangfire dashboard, which a browser opens directly.</summary>
    public const string StaffCookie = "ic_staff";
    public const string StaffLoginRateLimit = "staff-login";
    public const string EnrollmentRateLimit = "enrollment";

    /// <summary>Tokens are ours and every replica keeps NTP time: a few seconds of skew, not the default five minutes.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(5);

    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.SigningKeyBytes().Length >= 32,
                "Auth:SigningKey must be base64 of at least 32 random bytes (openssl rand -base64 48); infra/run.sh generates one for Development.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Issuer), "Auth:Issuer must not be empty.")
            .Validate(o => o.StudentTokenLifetime > TimeSpan.Zero && o.StaffTokenLifetime > TimeSpan.Zero,
                "Auth:StudentTokenLifetime and Auth:StaffTokenLifetime must be positive (hh:mm:ss).")
            .Validate(o => o.StaffLoginPermitsPerMinute > 0 && o.EnrollmentAttemptsPerMinute > 0,
                "Auth:StaffLoginPermitsPerMinute and Auth:EnrollmentAttemptsPerMinute must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services.AddSingleton<IPasswordHasher<StaffUser>, PasswordHasher<StaffUser>>();
        builder.Services.AddSingleton<StaffAccounts>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StaffAccounts>());
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((jwt, auth) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = auth.Value.Issuer,
                    ValidAudience = auth.Value.Issuer,
                    IssuerSigningKey = new SymmetricSecurityKey(auth.Value.SigningKeyBytes()),
                    NameClaimType = "name",
                    RoleClaimType = Claims.Role,
                    ClockSkew = ClockSkew,
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = ctx =>
                    {
                        if (ctx.Request.Path.StartsWithSegments("/staff/hangfire") &&
                            ctx.Request.Cookies.TryGetValue(StaffCookie, out var token))
                            ctx.Token = token;
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = CheckStaffAccountAsync,
                };
            });
        builder.Services.AddAuthorization(Policies.Add);
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(StaffLoginRateLimit, ctx =>
            {
                var permits = ctx.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.StaffLoginPermitsPerMinute;
                return RateLimitPartition.GetFixedWindowLimiter(ctx.Connection.RemoteIpAddress?.ToString() ?? "local",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
            // Enrolling may decode a screenshot: each student gets a few attempts a minute, whoever they are.
            o.AddPolicy(EnrollmentRateLimit, ctx =>
            {
                var permits = ctx.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value.EnrollmentAttemptsPerMinute;
                var who = ctx.User.FindFirstValue(Claims.Subject) ?? ctx.Connection.RemoteIpAddress?.ToString() ?? "anonymous";
                return RateLimitPartition.GetSlidingWindowLimiter(who, _ => new SlidingWindowRateLimiterOptions
                {
                    PermitLimit = permits, Window = TimeSpan.FromMinutes(1), SegmentsPerWindow = 6, QueueLimit = 0,
                });
            });
            o.OnRejected = async (ctx, _) =>
            {
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                await WriteTooManyAsync(ctx.HttpContext, retryAfter, "Too many attempts; wait a moment and try again.");
            };
        });
        return builder;
    }

    public static WebApplication UseAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>A 429 problem with <c>Retry-After</c> in whole seconds.</summary>
    public static async Task WriteTooManyAsync(HttpContext http, TimeSpan retryAfter, string detail)
    {
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = 429, Title = "Too Many Requests", Detail = detail,
                Extensions = { ["code"] = ProblemResponses.DefaultCode(429) },
            },
        });
    }

    /// <summary>
    /// A staff token counts only while its account exists, is active and keeps the stamp the token carries; its roles
    /// and school scope are the account's current ones, not those of the moment the token was issued.
    /// </summary>
    private static async Task CheckStaffAccountAsync(TokenValidatedContext ctx)
    {
        if (ctx.Principal?.Identity is not ClaimsIdentity identity || !identity.HasClaim(Claims.Kind, Claims.StaffKind)) return;
        if (!Guid.TryParse(identity.FindFirst(Claims.Subject)?.Value, out var staffId))
        {
            ctx.Fail("staff token without subject");
            return;
        }
        var state = await ctx.HttpContext.RequestServices.GetRequiredService<StaffAccounts>().GetAsync(staffId, ctx.HttpContext.RequestAborted);
        if (state is null || !state.IsActive || state.SecurityStamp != identity.FindFirst(Claims.Stamp)?.Value)
        {
            ctx.Fail("staff token revoked");
            return;
        }
        foreach (var claim in identity.FindAll(c => c.Type is Claims.Role or Claims.School).ToList()) identity.RemoveClaim(claim);
        identity.AddClaims(state.Roles.Select(r => new Claim(Claims.Role, r)));
        identity.AddClaims(state.SchoolCodes.Select(c => new Claim(Claims.School, c)));
    }
}
