namespace ImageCollection.Core.Domain;

/// <summary>One recorded status change of an enrollment, order, refund or photo, written with the change itself.</summary>
public sealed class StatusChange
{
    private StatusChange() { }

    public StatusChange(string entityType, Guid entityId, string from, string to, string reason, Actor actor, DateTimeOffset at)
    {
        Id = Guid.CreateVersion7();
        EntityType = entityType;
        EntityId = entityId;
        FromStatus = StatusNames.Snake(from);
        ToStatus = StatusNames.Snake(to);
        Reason = reason;
        ActorType = actor.Type;
        ActorId = actor.Id;
        At = at;
    }

    public Guid Id { get; private set; }
    public string EntityType { get; private set; } = "";
    public Guid EntityId { get; private set; }
    public string FromStatus { get; private set; } = "";
    public string ToStatus { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public string ActorType { get; private set; } = "";
    public Guid? ActorId { get; private set; }
    public DateTimeOffset At { get; private set; }
}

/// <summary>Statuses are stored and sent as snake_case strings (<c>PendingPayment</c> → <c>pending_payment</c>).</summary>
public static class StatusNames
{
    public static string Snake(string pascal) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(pascal);
}
