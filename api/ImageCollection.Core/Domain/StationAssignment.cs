namespace ImageCollection.Core.Domain;

/// <summary>A photographer assigned to one station of a collection session (a session's stations may share one).</summary>
public sealed class StationAssignment
{
    private StationAssignment() { }

    public StationAssignment(Guid sessionId, int station, Guid photographerId, Guid assignedBy, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        SessionId = sessionId;
        Station = station;
        PhotographerId = photographerId;
        AssignedBy = assignedBy;
        AssignedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid SessionId { get; private set; }
    public int Station { get; private set; }
    public Guid PhotographerId { get; private set; }
    public Guid AssignedBy { get; private set; }
    public DateTimeOffset AssignedAt { get; private set; }
}
