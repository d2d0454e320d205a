using System.Text.Json;

namespace ImageCollection.Core.Domain;

/// <summary>Who acted: staff, a student, or the system (jobs, WeChat callbacks).</summary>
public sealed record Actor(string Type, Guid? Id)
{
    public static readonly Actor System = new("system", null);
    public static Actor Staff(Guid id) => new("staff", id);
    public static Actor Student(Guid id) => new("student", id);
}

/// <summary>Who did what to which record, with before/after. Personal fields only masked or as keyed hashes.</summary>
public sealed class AuditEntry
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private AuditEntry() { }

    public AuditEntry(Actor actor, string action, string entityType, Guid? entityId, object? before, object? after, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        ActorType = actor.Type;
        ActorId = actor.Id;
        Action = action;
        EntityType = entityType;
        EntityId = entityId;
        Before = before is null ? null : JsonSerializer.Serialize(before, Json);
        After = after is null ? null : JsonSerializer.Serialize(after, Json);
        At = at;
    }

    public Guid Id { get; private set; }
    /// <summary><c>staff</c>, <c>student</c> or <c>system</c>.</summary>
    public string ActorType { get; private set; } = "";
    public Guid? ActorId { get; private set; }
    /// <summary>Dotted verb, e.g. <c>batch.created</c>, <c>photo.viewed</c>.</summary>
    public string Action { get; private set; } = "";
    public string EntityType { get; private set; } = "";
    public Guid? EntityId { get; private set; }
    /// <summary>JSON (jsonb) of the audited fields before the change.</summary>
    public string? Before { get; private set; }
    public string? After { get; private set; }
    public DateTimeOffset At { get; private set; }
}
