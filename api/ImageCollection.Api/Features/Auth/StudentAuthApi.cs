using FluentValidation;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.MiniProgram;
using ImageCollection.Core.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Auth;

/// <summary>Mini-program login: a wx.login code for a short-lived token. The session_key never leaves the server.</summary>
public static class StudentAuthApi
{
    public static IEndpointRouteBuilder MapStudentAuthApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/auth").WithTags("Student auth").AllowAnonymous();
        group.MapPost("/wechat/login", Login)
            .WithName("StudentLogin").WithSummary("Log a student in with a wx.login code")
            .ProducesProblem(401).ProducesProblem(429).ProducesProblem(503);
        return app;
    }

    public sealed record WechatLoginRequest(string Code);

    public sealed record StudentLoginResponse(string AccessToken, DateTimeOffset ExpiresAt, Guid StudentId);

    public sealed class WechatLoginRequestValidator : AbstractValidator<WechatLoginRequest>
    {
        public WechatLoginRequestValidator() => RuleFor(r => r.Code).NotEmpty().MaximumLength(128);
    }

    public static async Task<Ok<StudentLoginResponse>> Login(WechatLoginRequest request, IMiniProgramClient wechat,
        AppDbContext db, TokenIssuer tokens, PersonalDataProtector personalData, TimeProvider clock, CancellationToken ct)
    {
        var session = await Code2Session(wechat, request.Code, ct);
        var now = clock.GetUtcNow();
        var student = await FindOrCreate(db, session, now, ct);
        student.LoggedIn(session.UnionId, personalData.Encrypt(PersonalField.SessionKey, session.SessionKey), now);
        await db.SaveChangesAsync(ct);
        var token = tokens.ForStudent(student);
        return TypedResults.Ok(new StudentLoginResponse(token.AccessToken, token.ExpiresAt, student.Id));
    }

    private static async Task<Code2SessionResult> Code2Session(IMiniProgramClient wechat, string code, CancellationToken ct)
    {
        try
        {
            return await wechat.Code2SessionAsync(code, ct);
        }
        catch (MiniProgramApiException e)
        {
            throw e.ErrorCode switch
            {
                MiniProgramApiException.InvalidCode => new DomainException(DomainErrorKind.Unauthorized, "auth.invalid_code",
                    "The login code is invalid or expired; call wx.login again."),
                MiniProgramApiException.CodeUsed => new DomainException(DomainErrorKind.Unauthorized, "auth.code_used",
                    "The login code was already used; call wx.login again."),
                MiniProgramApiException.RateLimited => new DomainException(DomainErrorKind.TooManyRequests, "auth.rate_limited",
                    "Too many logins; wait a minute and try again."),
                MiniProgramApiException.HighRiskUser => new DomainException(DomainErrorKind.Forbidden, "auth.blocked",
                    "WeChat refused this login for this account."),
                _ => new DomainException(DomainErrorKind.Unavailable, "wechat.unavailable",
                    "WeChat is busy; try again shortly."),
            };
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new DomainException(DomainErrorKind.Unavailable, "wechat.unavailable", "WeChat cannot be reached; try again shortly.");
        }
    }

    private static async Task<Student> FindOrCreate(AppDbContext db, Code2SessionResult session, DateTimeOffset now, CancellationToken ct)
    {
        var student = await db.Students.SingleOrDefaultAsync(s => s.OpenId == session.OpenId, ct);
        if (student is not null) return student;
        student = new Student(session.OpenId, session.UnionId, now);
        db.Students.Add(student);
        try
        {
            await db.SaveChangesAsync(ct);
            return student;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // The same user logged in twice at once: the other request created the row.
            db.Entry(student).State = EntityState.Detached;
            return await db.Students.SingleAsync(s => s.OpenId == session.OpenId, ct);
        }
    }
}
