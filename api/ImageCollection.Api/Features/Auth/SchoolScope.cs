using System.Security.Claims;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Features.Auth;

/// <summary>
/// What a staff member may see: admin, support and reviewers see every school; a school user only the schools of
/// its school codes. Records outside the scope answer 404, as if they did not exist.
/// </summary>
public static class SchoolScope
{
    public static IQueryable<School> Visible(this IQueryable<School> schools, ClaimsPrincipal user)
    {
        if (user.SeesAllSchools()) return schools;
        var codes = user.SchoolCodes().ToList();
        return schools.Where(s => codes.Contains(s.Code));
    }

    public static IQueryable<Batch> Visible(this IQueryable<Batch> batches, ClaimsPrincipal user)
    {
        if (user.SeesAllSchools()) return batches;
        var codes = user.SchoolCodes().ToList();
        return batches.Where(b => codes.Contains(b.School!.Code));
    }

    public static IQueryable<Enrollment> Visible(this IQueryable<Enrollment> enrollments, ClaimsPrincipal user)
    {
        if (user.SeesAllSchools()) return enrollments;
        var codes = user.SchoolCodes().ToList();
        return enrollments.Where(e => codes.Contains(e.Batch!.School!.Code));
    }
}
