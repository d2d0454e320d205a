using FluentValidation;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Auth;

/// <summary>Admins manage staff accounts; every change is audited (never the password).</summary>
public static class StaffUsersApi
{
    public static IEndpointRouteBuilder MapStaffUsersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/users").WithTags("Staff users").RequireAuthorization(Policies.Admin)
            .ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/", List).WithName("ListStaffUsers");
        group.MapPost("/", Create).WithName("CreateStaffUser").ProducesProblem(409);
        group.MapPut("/{id:guid}", Update).WithName("UpdateStaffUser").ProducesProblem(404);
        group.MapPut("/{id:guid}/password", SetPassword).WithName("SetStaffPassword").ProducesProblem(404);
        return app;
    }

    public sealed record CreateStaffUserRequest(string UserName, string DisplayName, string Password, string[] Roles, string[]? SchoolCodes = null);
    public sealed record UpdateStaffUserRequest(string DisplayName, string[] Roles, bool IsActive, string[]? SchoolCodes = null);
    public sealed record SetPasswordRequest(string Password);
    public sealed record StaffUserResponse(Guid Id, string UserName, string DisplayName, IReadOnlyList<string> Roles,
        IReadOnlyList<string> SchoolCodes, bool IsActive, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt);

    internal static void RolesRules<T>(AbstractValidator<T> v, Func<T, string[]> roles, Func<T, string[]?> schools)
    {
        v.RuleFor(r => roles(r)).NotEmpty().WithName("roles").OverridePropertyName("roles")
            .Must(rs => rs.All(r => r is not null && StaffRoles.All.Contains(r))).WithMessage($"Roles are among: {string.Join(", ", StaffRoles.All)}.");
        v.RuleFor(r => schools(r)).Must(s => s is null || s.All(c => c is { Length: 5 } && c.All(char.IsAsciiDigit)))
            .OverridePropertyName("schoolCodes").WithMessage("School codes are 5 digits.");
        v.RuleFor(r => r).Must(r => !roles(r).Contains(StaffRoles.School) || schools(r) is { Length: > 0 })
            .OverridePropertyName("schoolCodes").WithMessage("A school user needs at least one school code.");
    }

    public sealed class CreateValidator : AbstractValidator<CreateStaffUserRequest>
    {
        public CreateValidator()
        {
            RuleFor(r => r.UserName).NotEmpty().MaximumLength(64).Matches("^[A-Za-z0-9._-]+$");
            RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Password).NotEmpty().MinimumLength(10).MaximumLength(256);
            RolesRules(this, r => r.Roles ?? [], r => r.SchoolCodes);
        }
    }

    public sealed class UpdateValidator : AbstractValidator<UpdateStaffUserRequest>
    {
        public UpdateValidator()
        {
            RuleFor(r => r.DisplayName).NotEmpty().MaximumLength(100);
            RolesRules(this, r => r.Roles ?? [], r => r.SchoolCodes);
        }
    }

    public sealed class SetPasswordValidator : AbstractValidator<SetPasswordRequest>
    {
        public SetPasswordValidator() => RuleFor(r => r.Password).NotEmpty().MinimumLength(10).MaximumLength(256);
    }

    private static StaffUserResponse ToResponse(StaffUser s) =>
        new(s.Id, s.UserName, s.DisplayName, s.Roles, s.SchoolCodes, s.IsActive, s.CreatedAt, s.LastLoginAt);

    private static object Audited(StaffUser s) => new { s.UserName, s.DisplayName, s.Roles, s.SchoolCodes, s.IsActive };

    public static async Task<Ok<List<StaffUserResponse>>> List(AppDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.StaffUsers.AsNoTracking().OrderBy(s => s.UserName).ToListAsync(ct)).Select(ToResponse).ToList());

    public static async Task<Created<StaffUserResponse>> Create(CreateStaffUserRequest request, AppDbContext db,
        IPasswordHasher<StaffUser> hasher, TimeProvider clock, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await EnsureSchoolsExistAsync(db, request.SchoolCodes, ct);
        var staff = new StaffUser(request.UserName, request.DisplayName, request.Roles, request.SchoolCodes ?? [], now);
        if (await db.StaffUsers.AnyAsync(s => s.UserName == staff.UserName, ct))
            throw DomainException.Conflict("staff.user_name_taken", "That user name is taken.");
        staff.SetPasswordHash(hasher.HashPassword(staff, request.Password));
        db.StaffUsers.Add(staff);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "staff_user.created", nameof(StaffUser), staff.Id, null, Audited(staff), now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/staff/users/{staff.Id}", ToResponse(staff));
    }

    /// <summary>Takes effect on the account's next request: its tokens are checked against the account as it is now.</summary>
    public static async Task<Results<Ok<StaffUserResponse>, NotFound>> Update(Guid id, UpdateStaffUserRequest request,
        AppDbContext db, StaffAccounts accounts, TimeProvider clock, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var staff = await db.StaffUsers.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (staff is null) return TypedResults.NotFound();
        await EnsureSchoolsExistAsync(db, request.SchoolCodes, ct);
        var before = Audited(staff);
        staff.Change(request.DisplayName, request.Roles, request.SchoolCodes ?? [], request.IsActive);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "staff_user.updated", nameof(StaffUser), staff.Id, before, Audited(staff), clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await accounts.ChangedAsync(db, staff.Id, ct);
        return TypedResults.Ok(ToResponse(staff));
    }

    /// <summary>A new password ends every token issued to the account before.</summary>
    public static async Task<Results<NoContent, NotFound>> SetPassword(Guid id, SetPasswordRequest request, AppDbContext db,
        IPasswordHasher<StaffUser> hasher, StaffAccounts accounts, TimeProvider clock, System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var staff = await db.StaffUsers.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (staff is null) return TypedResults.NotFound();
        staff.SetPasswordHash(hasher.HashPassword(staff, request.Password));
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "staff_user.password_set", nameof(StaffUser), staff.Id, null, null, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        await accounts.ChangedAsync(db, staff.Id, ct);
        return TypedResults.NoContent();
    }

    /// <summary>A school user's codes name schools we collect for (a typo would give a user who sees nothing).</summary>
    private static async Task EnsureSchoolsExistAsync(AppDbContext db, string[]? codes, CancellationToken ct)
    {
        if (codes is not { Length: > 0 }) return;
        var known = await db.Schools.Where(s => codes.Contains(s.Code)).Select(s => s.Code).ToListAsync(ct);
        var unknown = codes.Except(known).ToList();
        if (unknown.Count > 0)
            throw RequestValidationException.For("schoolCodes", $"No school has the code {string.Join(", ", unknown)}.");
    }
}
