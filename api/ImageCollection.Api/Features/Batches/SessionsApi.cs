using System.Security.Claims;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Batches;

/// <summary>
/// Collection sessions: days of an on-site batch, or a studio's opening days of a walk-in or make-up batch; where and
/// when, how many stations, which classes come, and which photographer works which station.
/// </summary>
public static class SessionsApi
{
    public static IEndpointRouteBuilder MapSessionsApi(this IEndpointRouteBuilder app)
    {
        var write = app.MapGroup("/api/v1/staff/batches/{batchId:guid}/sessions").WithTags("Batches")
            .RequireAuthorization(Policies.Support).ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        write.MapPost("/", Add).WithName("AddSession").ProducesProblem(409);
        write.MapPut("/{sessionId:guid}", Change).WithName("ChangeSession");
        write.MapDelete("/{sessionId:guid}", Remove).WithName("RemoveSession");
        write.MapPut("/{sessionId:guid}/stations/{station:int}/photographers/{staffId:guid}", Assign).WithName("AssignPhotographer")
            .WithSummary("A photographer works this station of the session (a session with assignments admits only those)").ProducesProblem(400);
        write.MapDelete("/{sessionId:guid}/stations/{station:int}/photographers/{staffId:guid}", Unassign).WithName("UnassignPhotographer");
        write.MapGet("/{sessionId:guid}/assignments", Assignments).WithName("ListStationAssignments");
        return app;
    }

    public static async Task<Results<Created<SessionResponse>, NotFound>> Add(Guid batchId, SessionRequest request, AppDbContext db,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var batch = await db.Batches.SingleOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        if (!batch.HasStations)
            throw DomainException.Conflict("batch.not_onsite",
                "Only on-site batches, and walk-in or make-up batches held at a studio, have collection sessions.");
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

    public sealed record AssignmentView(Guid SessionId, int Station, Guid PhotographerId, string PhotographerName, DateTimeOffset AssignedAt);

    public static async Task<Results<NoContent, NotFound>> Assign(Guid batchId, Guid sessionId, int station, Guid staffId, AppDbContext db,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var session = await db.CollectionSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId && s.BatchId == batchId, ct);
        if (session is null) return TypedResults.NotFound();
        if (station < 1 || station > session.Stations) throw RequestValidationException.For("station", $"This session has {session.Stations} stations.");
        var staff = await db.StaffUsers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == staffId && s.IsActive, ct);
        if (staff is null || !staff.HasRole(StaffRoles.Photographer))
            throw RequestValidationException.For("staffId", "Assign an active staff member with the photographer role.");
        if (await db.StationAssignments.AnyAsync(a => a.SessionId == sessionId && a.Station == station && a.PhotographerId == staffId, ct))
            return TypedResults.NoContent();
        var now = clock.GetUtcNow();
        var assignment = new StationAssignment(sessionId, station, staffId, user.UserId(), now);
        db.StationAssignments.Add(assignment);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "session.photographer_assigned", nameof(CollectionSession), sessionId, null,
            new { station, staffId }, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Assigned by someone else at the same moment: the same outcome.
        }
        return TypedResults.NoContent();
    }

    public static async Task<Results<NoContent, NotFound>> Unassign(Guid batchId, Guid sessionId, int station, Guid staffId, AppDbContext db,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.CollectionSessions.AnyAsync(s => s.Id == sessionId && s.BatchId == batchId, ct)) return TypedResults.NotFound();
        var removed = await db.StationAssignments.Where(a => a.SessionId == sessionId && a.Station == station && a.PhotographerId == staffId)
            .ExecuteDeleteAsync(ct);
        if (removed == 0) return TypedResults.NotFound();
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "session.photographer_unassigned", nameof(CollectionSession), sessionId, null,
            new { station, staffId }, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<List<AssignmentView>>, NotFound>> Assignments(Guid batchId, Guid sessionId, AppDbContext db, CancellationToken ct)
    {
        if (!await db.CollectionSessions.AnyAsync(s => s.Id == sessionId && s.BatchId == batchId, ct)) return TypedResults.NotFound();
        var rows = await (from a in db.StationAssignments.AsNoTracking()
                          where a.SessionId == sessionId
                          join s in db.StaffUsers on a.PhotographerId equals s.Id
                          orderby a.Station, s.DisplayName
                          select new AssignmentView(a.SessionId, a.Station, a.PhotographerId, s.DisplayName, a.AssignedAt)).ToListAsync(ct);
        return TypedResults.Ok(rows.Select(r => r with { AssignedAt = r.AssignedAt.ToChina() }).ToList());
    }
}
