using System.Text.Json;

namespace ImageCollection.Core.Domain;

/// <summary>The subscribe-message templates (审核结果通知, 订单状态通知, 订单异常提醒).</summary>
public enum MessageTemplate { ReviewResult, OrderStatus, OrderException }

/// <summary>
/// A subscribe message waiting to be sent: an outbox row written in the same transaction as the change it reports, so
/// a change is never reported without happening and never happens without being reported. The worker's
/// <c>StudentMessageSender</c> sends it and deletes it (at least once: a worker that dies mid-send leaves it to be
/// sent again). The values are those of the moment of the change, not of the sending.
/// </summary>
public sealed class StudentMessage
{
    public const int MaxAttempts = 8;

    private StudentMessage() { }

    /// <summary>A message in its template's values (<c>Messaging.StudentMessages</c> writes them).</summary>
    public StudentMessage(MessageTemplate template, string toUser, string page, IReadOnlyDictionary<string, string> values, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        Template = template;
        ToUser = toUser;
        Page = page;
        Values = JsonSerializer.Serialize(values);
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public Guid Id { get; private set; }
    public MessageTemplate Template { get; private set; }
    /// <summary>The student's openid.</summary>
    public string ToUser { get; private set; } = "";
    public string Page { get; private set; } = "";
    /// <summary>JSON object of the template's values by our names (<c>order</c>, <c>status</c>, …): jsonb.</summary>
    public string Values { get; private set; } = "{}";
    public DateTimeOffset CreatedAt { get; private set; }
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public string? LastError { get; private set; }

    public IReadOnlyDictionary<string, string> ValueMap => JsonSerializer.Deserialize<Dictionary<string, string>>(Values) ?? [];

    /// <summary>WeChat did not take it: try again later, less often each time (30 s, 1, 2, 4 … minutes).</summary>
    public void Failed(string error, DateTimeOffset now)
    {
        Attempts++;
        LastError = error.Length <= 200 ? error : error[..200];
        NextAttemptAt = now + TimeSpan.FromSeconds(30 * Math.Pow(2, Attempts - 1));
    }

    public bool GivenUp => Attempts >= MaxAttempts;

}
