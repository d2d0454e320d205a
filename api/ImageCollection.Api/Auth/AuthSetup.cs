using System.Threading.RateLimiting;
using ImageCollection.Api.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace ImageCollection.Api.Auth;

public static class AuthSetup
{
    /// <summary>The staff cookie carries the staff JWT for the Hangfire dashboard, which a browser opens directly.</summary>
    public const string StaffCookie = "ic_staff";
    public const string StaffLoginRateLimit = "staff-login";

    public static WebApplicationBuilder AddAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section)
            .Validate(o => o.SigningKeyBytes().Length >= 32,
                "Auth:SigningKey must be base64 of at least 32 random bytes (openssl rand -base64 48); infra/run.sh generates one for Development.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.Issuer), "Auth:Issuer must not be empty.")
            .Validate(o => o.StudentTokenLifetime > TimeSpan.Zero && o.StaffTokenLifetime > TimeSpan.Zero,
                "Auth:StudentTokenLifetime and Auth:StaffTokenLifetime must be positive (hh:mm:ss).")
            .ValidateOnStart();
        builder.Services.AddSingleton<TokenIssuer>();
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
                    ClockSkew = TimeSpan.FromSeconds(30),
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
            o.OnRejected = async (ctx, ct) =>
            {
                ctx.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = ctx.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 429, Title = "Too Many Requests", Detail = "Too many attempts; wait a minute and try again.",
                        Extensions = { ["code"] = ProblemResponses.DefaultCode(429) },
                    },
                });
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
}
