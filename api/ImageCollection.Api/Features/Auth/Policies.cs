using System.Security.Claims;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Features.Auth;

/// <summary>Authorisation policies, declared on route groups.</summary>
public static class Policies
{
    public const string Student = "student";
    public const string Staff = "staff";
    public const string Admin = "staff.admin";
    /// <summary>Refunds, payment exceptions, batches: admin and support.</summary>
    public const string Support = "staff.support";
    public const string Review = "staff.review";
    /// <summary>School-facing views: admin, support, and school users (scoped to their school codes).</summary>
    public const string Schools = "staff.schools";
    public const string Photographer = "staff.photographer";

    public static void Add(Microsoft.AspNetCore.Authorization.AuthorizationOptions o)
    {
        o.AddPolicy(Student, p => p.RequireClaim(Claims.Kind, Claims.StudentKind));
        o.AddPolicy(Staff, p => p.RequireClaim(Claims.Kind, Claims.StaffKind));
        o.AddPolicy(Admin, p => StaffWith(p, StaffRoles.Admin));
        o.AddPolicy(Support, p => StaffWith(p, StaffRoles.Admin, StaffRoles.Support));
        o.AddPolicy(Review, p => StaffWith(p, StaffRoles.Admin, StaffRoles.Support, StaffRoles.Reviewer));
        o.AddPolicy(Schools, p => StaffWith(p, StaffRoles.Admin, StaffRoles.Support, StaffRoles.School));
        o.AddPolicy(Photographer, p => StaffWith(p, StaffRoles.Admin, StaffRoles.Photographer));
    }

    private static void StaffWith(Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder p, params string[] roles) =>
        p.RequireClaim(Claims.Kind, Claims.StaffKind).RequireRole(roles);
}

/// <summary>Claim names in our tokens, and reading them back.</summary>
public static class Claims
{
    public const string Subject = "sub";
    public const string Kind = "kind";
    public const string Role = "role";
    public const string School = "school";
    /// <summary>The account's security stamp when the token was issued (staff only).</summary>
    public const string Stamp = "stamp";
    public const string StudentKind = "student";
    public const string StaffKind = "staff";

    public static Guid UserId(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(Subject), out var id) ? id : throw new InvalidOperationException("Token without subject.");

    public static bool IsStaffWithRole(this ClaimsPrincipal user, string role) =>
        user.HasClaim(Kind, StaffKind) && user.IsInRole(role);

    /// <summary>True when the user sees every school (admin, support); school users see only their own.</summary>
    public static bool SeesAllSchools(this ClaimsPrincipal user) =>
        user.IsStaffWithRole(StaffRoles.Admin) || user.IsStaffWithRole(StaffRoles.Support) || user.IsStaffWithRole(StaffRoles.Reviewer);

    public static IReadOnlySet<string> SchoolCodes(this ClaimsPrincipal user) =>
        user.FindAll(School).Select(c => c.Value).ToHashSet();

    public static Core.Domain.Actor Actor(this ClaimsPrincipal user) =>
        user.HasClaim(Kind, StaffKind) ? Core.Domain.Actor.Staff(user.UserId()) : Core.Domain.Actor.Student(user.UserId());
}
