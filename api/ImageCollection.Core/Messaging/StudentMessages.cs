using System.Globalization;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Photos;

namespace ImageCollection.Core.Messaging;

/// <summary>What an order-status message tells (订单状态通知).</summary>
public enum OrderNotice { Paid, Refunded }

/// <summary>What an order-exception message tells (订单异常提醒): money the order must not keep, refunded automatically.</summary>
public enum OrderProblem { PaidAfterClose, PaidTwice }

/// <summary>
/// The texts of the subscribe messages, by our names for the template values (<c>order</c>, <c>status</c>, …;
/// <c>Wechat:MiniProgram:TemplateFields</c> maps them to the template's fields). Written into the outbox in the same
/// transaction as the change they report, with the values of that moment.
/// </summary>
public static class StudentMessages
{
    public static StudentMessage OrderStatus(Order order, OrderNotice notice, DateTimeOffset now) =>
        new(MessageTemplate.OrderStatus, order.PayerOpenId, $"pages/order/detail?id={order.Id}", new Dictionary<string, string>
        {
            ["order"] = order.OutTradeNo,
            ["amount"] = "¥" + (order.AmountFen / 100m).ToString("0.00", CultureInfo.InvariantCulture),
            ["status"] = notice == OrderNotice.Refunded ? "已退款" : "支付成功",
            ["time"] = Time(now),
        }, now);

    public static StudentMessage OrderException(Order order, OrderProblem problem, DateTimeOffset now) =>
        new(MessageTemplate.OrderException, order.PayerOpenId, $"pages/order/detail?id={order.Id}", new Dictionary<string, string>
        {
            ["order"] = order.OutTradeNo,
            ["problem"] = problem == OrderProblem.PaidAfterClose ? "订单已关闭，款项将原路退回" : "重复支付，款项将原路退回",
            ["time"] = Time(now),
        }, now);

    /// <summary>审核结果通知: approved, rejected by a reviewer, or rejected by the automatic check; the reason fits 20 characters.</summary>
    public static StudentMessage ReviewResult(Photo photo, string openId, string featureCode, DateTimeOffset now)
    {
        var approved = photo.Status == PhotoStatus.Approved;
        var reason = approved ? "照片审核通过" : photo.RejectReasons.FirstOrDefault() is { } code ? PhotoReasons.For(code).Zh : "照片不符合要求";
        return new(MessageTemplate.ReviewResult, openId, $"pages/photo/detail?id={photo.Id}", new Dictionary<string, string>
        {
            ["result"] = approved ? "审核通过" : "未通过",
            ["reason"] = reason.Length <= 20 ? reason : reason[..20],
            ["time"] = Time(now),
            ["batch"] = featureCode,
        }, now);
    }

    /// <summary>
    /// 订单异常提醒 for a photo CHSI's identity comparison refused (比对不通过): what to do now, one free new photo. The
    /// order value is the paid order's number (the student's reference), or the batch's feature code for a school-paid one.
    /// </summary>
    public static StudentMessage ComparisonFailed(Photo photo, string openId, string reference, DateTimeOffset now) =>
        new(MessageTemplate.OrderException, openId, $"pages/photo/detail?id={photo.Id}", new Dictionary<string, string>
        {
            ["order"] = reference,
            ["problem"] = "学信网比对未通过，请免费重拍或重新上传",
            ["time"] = Time(now),
        }, now);

    /// <summary>审核结果通知 some days after delivery: the photo is at CHSI, the student checks it there (校对).</summary>
    public static StudentMessage ProofReminder(Photo photo, string openId, string featureCode, DateTimeOffset now) =>
        new(MessageTemplate.ReviewResult, openId, $"pages/photo/detail?id={photo.Id}", new Dictionary<string, string>
        {
            ["result"] = "已报送学信网",
            ["reason"] = "请登录学信网校对图像信息",
            ["time"] = Time(now),
            ["batch"] = featureCode,
        }, now);

    /// <summary>订单状态通知 of posted prints: shipped, with the courier and the tracking number (the note fits 20 characters).</summary>
    public static StudentMessage PrintsShipped(Parcel parcel, string openId, string reference, DateTimeOffset now)
    {
        var note = $"{parcel.Courier} {parcel.TrackingNumber}";
        return new(MessageTemplate.OrderStatus, openId, $"pages/prints/detail?parcel={parcel.Reference}", new Dictionary<string, string>
        {
            ["order"] = reference,
            ["status"] = "已发货",
            ["note"] = note.Length <= 20 ? note : parcel.TrackingNumber![..Math.Min(20, parcel.TrackingNumber!.Length)], // the number first
            ["time"] = Time(now),
        }, now);
    }

    private static string Time(DateTimeOffset at) => ChinaTime.Format(at, "yyyy-MM-dd HH:mm");
}
