namespace ImageCollection.Core.Domain;

/// <summary>A day/time slot of an on-site batch: where, when, how many stations, which classes come.</summary>
public sealed class CollectionSession
{
    private CollectionSession() { }

    public CollectionSession(Guid batchId, CollectionSessionTerms terms)
    {
        Id = Guid.CreateVersion7();
        BatchId = batchId;
        Change(terms);
    }

    public Guid Id { get; private set; }
    public Guid BatchId { get; private set; }
    public string Location { get; private set; } = "";
    public DateTimeOffset StartsAt { get; private set; }
    public DateTimeOffset EndsAt { get; private set; }
    public int Stations { get; private set; }
    /// <summary>Classes or departments assigned to this slot.</summary>
    public List<string> Groups { get; private set; } = [];
    /// <summary>When the assigned classes gather (集合时间).</summary>
    public DateTimeOffset? AssemblyAt { get; private set; }
    public string? Notes { get; private set; }
    public uint Version { get; private set; }

    /// <summary>Stations scan from an hour before the session until an hour after it (set-up, late classes).</summary>
    public static readonly TimeSpan Margin = TimeSpan.FromHours(1);

    public bool IsOpenAt(DateTimeOffset now) => now >= StartsAt - Margin && now < EndsAt + Margin;

    public void Change(CollectionSessionTerms t)
    {
        Location = t.Location.Trim();
        StartsAt = t.StartsAt.ToUniversalTime();
        EndsAt = t.EndsAt.ToUniversalTime();
        Stations = t.Stations;
        Groups = t.Groups.Select(g => g.Trim()).Where(g => g.Length > 0).ToList();
        AssemblyAt = t.AssemblyAt?.ToUniversalTime();
        Notes = string.IsNullOrWhiteSpace(t.Notes) ? null : t.Notes.Trim();
    }
}

public sealed record CollectionSessionTerms(
    string Location, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Stations,
    IReadOnlyList<string> Groups, DateTimeOffset? AssemblyAt, string? Notes);
