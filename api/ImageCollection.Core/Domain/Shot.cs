namespace ImageCollection.Core.Domain;

/// <summary>
/// A scan at an on-site station: the student found for the code, and the shot number (拍摄号) given, increasing per
/// station and session. The captured photo is then attached to it.
/// </summary>
public sealed class Shot
{
    private Shot() { }

    public Shot(Guid sessionId, int station, int number, Guid enrollmentId, Guid photographerId, DateTimeOffset now)
        : this(Guid.CreateVersion7(), sessionId, station, number, enrollmentId, photographerId, now)
    {
    }

    public Shot(Guid id, Guid sessionId, int station, int number, Guid enrollmentId, Guid photographerId, DateTimeOffset now)
    {
        Id = id;
        SessionId = sessionId;
        Station = station;
        Number = number;
        EnrollmentId = enrollmentId;
        PhotographerId = photographerId;
        ScannedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid SessionId { get; private set; }
    public int Station { get; private set; }
    public int Number { get; private set; }
    public Guid EnrollmentId { get; private set; }
    public Guid PhotographerId { get; private set; }
    public DateTimeOffset ScannedAt { get; private set; }
    public Guid? PhotoId { get; private set; }

    public void Captured(Guid photoId) => PhotoId = photoId;
}

/// <summary>The last shot number given at one station of one session (an upsert hands out the next, atomically).</summary>
public sealed class StationCounter
{
    public Guid SessionId { get; private set; }
    public int Station { get; private set; }
    public int LastNumber { get; private set; }
}
