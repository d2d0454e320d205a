using System.Security.Claims;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Batches;

/// <summary>Collection sessions of on-site batches: where and when, how many stations, which classes come.</summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var write = app.MapGroup("/api/v1/staff/batches/{batchId:guid}/sessions").WithTags("Batches")
            .RequireAuthorization(Policies.Support).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        write.MapPost("/", Add).WithName("AddSession").ProducesProblem(409);
        write.MapPut("/{sessionId:guid}", Change).WithName("ChangeSession");
        write.MapDelete("/{sessionId:guid}", Remove).WithName("RemoveSession");
        return app;
    }

    public static async Task<Results<Created<SessionResponse>, NotFound>> Add(Guid batchId, SessionRequest request, AppDbContext db,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var batch = await db.Batches.SingleOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        if (batch.CollectionType != CollectionType.Onsite)
            throw DomainException.Conflict("batch.not_onsite", "Only on-site batches have collection sessions.");
        var session = new CollectionSession(batchId, request.ToTerms());
        db.CollectionSessions.Add(session);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "session.added", nameof(CollectionSession), session.Id, null, request, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/staff/batches/{batchId}/sessions/{session.Id}", BatchMapping.ToResponse(session));
    }

    public static async Task<Results<Ok<SessionResponse>, NotFound>> Change(Guid batchId, Guid sessionId, SessionRequest request,
        AppDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var session = await db.CollectionSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.BatchId == batchId, ct);
        if (session is null) return TypedResults.NotFound();
        var before = BatchMapping.ToResponse(session);
        session.Change(request.ToTerms());
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "session.changed", nameof(CollectionSession), session.Id, before, request, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(BatchMapping.ToResponse(session));
    }

    public static async Task<Results<NoContent, NotFound>> Remove(Guid batchId, Guid sessionId, AppDbContext db, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var session = await db.CollectionSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.BatchId == batchId, ct);
        if (session is null) return TypedResults.NotFound();
        db.CollectionSessions.Remove(session);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "session.removed", nameof(CollectionSession), session.Id,
            BatchMapping.ToResponse(session), null, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
