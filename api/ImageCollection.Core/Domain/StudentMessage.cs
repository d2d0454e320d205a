using System.Globalization;
using System.Text.Json;
using ImageCollection.Core.Photos;

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
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    private StudentMessage() { }

    private StudentMessage(MessageTemplate template, string toUser, string page, Dictionary<string, string> values, DateTimeOffset now)
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

    /// <summary>订单状态通知: paid or refunded.</summary>
    public static StudentMessage OrderStatus(Order order, string status, DateTimeOffset now) =>
        new(MessageTemplate.OrderStatus, order.PayerOpenId, $"pages/order/detail?id={order.Id}", new()
        {
            ["order"] = order.OutTradeNo,
            ["amount"] = "¥" + (order.AmountFen / 100m).ToString("0.00", CultureInfo.InvariantCulture),
            ["status"] = status == "refunded" ? "已退款" : "支付成功",
            ["time"] = Time(now),
        }, now);

    /// <summary>订单异常提醒: paid after close or paid twice, refunded automatically.</summary>
    public static StudentMessage OrderException(Order order, string problem, DateTimeOffset now) =>
        new(MessageTemplate.OrderException, order.PayerOpenId, $"pages/order/detail?id={order.Id}", new()
        {
            ["order"] = order.OutTradeNo,
            ["problem"] = problem == "order closed" ? "订单已关闭，款项将原路退回" : "重复支付，款项将原路退回",
            ["time"] = Time(now),
        }, now);

    /// <summary>审核结果通知: approved, rejected by a reviewer, or rejected by the automatic check; the reason fits 20 characters.</summary>
    public static StudentMessage ReviewResult(Photo photo, string openId, string featureCode, DateTimeOffset now)
    {
        var approved = photo.Status == PhotoStatus.Approved;
        var reason = approved ? "照片审核通过" : photo.RejectReasons.FirstOrDefault() is { } code ? PhotoReasons.For(code).Zh : "照片不符合要求";
        return new(MessageTemplate.ReviewResult, openId, $"pages/photo/detail?id={photo.Id}", new()
        {
            ["result"] = approved ? "审核通过" : "未通过",
            ["reason"] = reason.Length <= 20 ? reason : reason[..20],
            ["time"] = Time(now),
            ["batch"] = featureCode,
        }, now);
    }

    /// <summary>WeChat did not take it: try again later, less often each time (30 s, 1, 2, 4 … minutes).</summary>
    public void Failed(string error, DateTimeOffset now)
    {
        Attempts++;
        LastError = error.Length <= 200 ? error : error[..200];
        NextAttemptAt = now + TimeSpan.FromSeconds(30 * Math.Pow(2, Attempts - 1));
    }

    public bool GivenUp => Attempts >= MaxAttempts;

    private static string Time(DateTimeOffset at) => at.ToOffset(China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
