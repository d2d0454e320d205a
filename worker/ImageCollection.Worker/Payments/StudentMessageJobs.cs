using System.Globalization;
using ImageCollection.Core.Data;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Wechat;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Worker.Payments;

/// <summary>Order status and order exception messages to the student who paid (a user who did not subscribe is normal).</summary>
public sealed class StudentMessageJobs(AppDbContext db, SubscribeMessages messages, TimeProvider clock) : IStudentMessageJobs
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    public async Task OrderStatusAsync(Guid orderId, string status, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (order is null) return;
        await messages.OrderStatusAsync(order.PayerOpenId, new Dictionary<string, string>
        {
            ["order"] = order.OutTradeNo,
            ["amount"] = "¥" + (order.AmountFen / 100m).ToString("0.00", CultureInfo.InvariantCulture),
            ["status"] = status == "refunded" ? "已退款" : "支付成功",
            ["time"] = clock.GetUtcNow().ToOffset(China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        }, $"pages/order/detail?id={order.Id}", cancellationToken);
    }

    /// <summary>The result of a review or of the automatic check; the reason is a phrase of at most 20 characters.</summary>
    public async Task ReviewResultAsync(Guid photoId, CancellationToken cancellationToken)
    {
        var photo = await db.Photos.AsNoTracking().SingleOrDefaultAsync(p => p.Id == photoId, cancellationToken);
        if (photo is null) return;
        var student = await db.Students.AsNoTracking().SingleAsync(s => s.Id == photo.StudentId, cancellationToken);
        var batch = await db.Batches.AsNoTracking().SingleAsync(b => b.Id == photo.BatchId, cancellationToken);
        var approved = photo.Status == Core.Domain.PhotoStatus.Approved;
        var reason = approved ? "照片审核通过" : photo.RejectReasons.FirstOrDefault() is { } code ? Core.Photos.PhotoReasons.For(code).Zh : "照片不符合要求";
        await messages.ReviewResultAsync(student.OpenId, new Dictionary<string, string>
        {
            ["result"] = approved ? "审核通过" : "未通过",
            ["reason"] = reason.Length <= 20 ? reason : reason[..20],
            ["time"] = clock.GetUtcNow().ToOffset(China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
            ["batch"] = batch.FeatureCode,
        }, $"pages/photo/detail?id={photo.Id}", cancellationToken);
    }

    public async Task OrderExceptionAsync(Guid orderId, string problem, CancellationToken cancellationToken)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == orderId, cancellationToken);
        if (order is null) return;
        await messages.OrderExceptionAsync(order.PayerOpenId, new Dictionary<string, string>
        {
            ["order"] = order.OutTradeNo,
            ["problem"] = problem == "order closed" ? "订单已关闭，款项将原路退回" : "重复支付，款项将原路退回",
            ["time"] = clock.GetUtcNow().ToOffset(China).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        }, $"pages/order/detail?id={order.Id}", cancellationToken);
    }
}
