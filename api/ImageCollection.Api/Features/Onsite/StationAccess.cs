using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Onsite;

/// <summary>
/// Who works a station: where a session has photographers assigned, a photographer works only the stations assigned
/// to them (admins work any); a session without assignments is open to every photographer (a small school's day).
/// </summary>
public static class StationAccess
{
    public static async Task EnsureAssignedAsync(AppDbContext db, Guid sessionId, int station, Guid staffId, bool isAdmin, CancellationToken ct)
    {
        if (isAdmin) return;
        var assigned = await db.StationAssignments.Where(a => a.SessionId == sessionId).Select(a => new { a.Station, a.PhotographerId }).ToListAsync(ct);
        if (assigned.Count == 0 || assigned.Any(a => a.Station == station && a.PhotographerId == staffId)) return;
        var mine = string.Join(", ", assigned.Where(a => a.PhotographerId == staffId).Select(a => a.Station).Order());
        throw new DomainException(DomainErrorKind.Forbidden, "onsite.not_assigned",
            $"You are not assigned to station {station} of this session; your stations: {(mine.Length > 0 ? mine : "none")}.");
    }
}
