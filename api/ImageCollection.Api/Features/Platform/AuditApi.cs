using ImageCollection.Api.Features.Auth;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Platform;

/// <summary>The audit trail, for admin and support.</summary>
public static class AuditApi
{
    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/audit").WithTags("Audit").RequireAuthorization(Policies.Support)
            .ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/", List).WithName("ListAuditEntries");
        return app;
    }

    public sealed record AuditEntryView(Guid Id, DateTimeOffset At, string ActorType, Guid? ActorId, string Action, string EntityType,
        Guid? EntityId, string? Before, string? After);

    public static async Task<Ok<List<AuditEntryView>>> List(string? entityType, Guid? entityId, Guid? actorId, int? limit,
        AppDbContext db, CancellationToken ct)
    {
        var query = db.AuditEntries.AsNoTracking();
        if (entityType is not null) query = query.Where(a => a.EntityType == entityType);
        if (entityId is not null) query = query.Where(a => a.EntityId == entityId);
        if (actorId is not null) query = query.Where(a => a.ActorId == actorId);
        var entries = await query.OrderByDescending(a => a.At).Take(Math.Clamp(limit ?? 100, 1, 1000)).ToListAsync(ct);
        return TypedResults.Ok(entries.Select(a => new AuditEntryView(a.Id, a.At.ToChina(), a.ActorType, a.ActorId, a.Action, a.EntityType,
            a.EntityId, a.Before, a.After)).ToList());
    }
}
