using System.Security.Claims;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Schools;

/// <summary>A school's on-site schedule table, made from the sessions of its on-site batches (as schools print it).</summary>
public static class ScheduleApi
{
    public static IEndpointRouteBuilder MapScheduleApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/schools/{schoolId:guid}/schedule").WithTags("Schools").RequireAuthorization(Policies.Schools)
            .ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/", Schedule).WithName("SchoolSchedule")
            .WithSummary("The school's on-site schedule: every session of its on-site batches, in time order").ProducesProblem(404);
        return app;
    }

    public sealed record ScheduleRow(DateOnly Date, DateTimeOffset StartsAt, DateTimeOffset EndsAt, DateTimeOffset? AssemblyAt,
        string Location, IReadOnlyList<string> Groups, int Stations, string FeatureCode, string Population, Guid SessionId);

    public static async Task<Results<Ok<List<ScheduleRow>>, NotFound>> Schedule(Guid schoolId, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Schools.Visible(user).AnyAsync(s => s.Id == schoolId, ct)) return TypedResults.NotFound();
        var rows = await db.CollectionSessions.AsNoTracking()
            .Join(db.Batches.Where(b => b.SchoolId == schoolId && b.Status != BatchStatus.Draft), s => s.BatchId, b => b.Id, (s, b) => new { s, b })
            .OrderBy(x => x.s.StartsAt).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(x => new ScheduleRow(DateOnly.FromDateTime(x.s.StartsAt.ToChina().DateTime),
            x.s.StartsAt.ToChina(), x.s.EndsAt.ToChina(), x.s.AssemblyAt.ToChina(), x.s.Location, x.s.Groups, x.s.Stations,
            x.b.FeatureCode, x.b.Population, x.s.Id)).ToList());
    }
}
