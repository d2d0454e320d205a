using ImageCollection.Api.Features.Orders;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Hosting;
using ImageCollection.Core.Orders;
using ImageCollection.Core.WechatPay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Api.Features.Prints;

/// <summary>
/// 加洗: a student orders extra copies of their approved photo, at the batch's fee per copy, paid through the same
/// WeChat Pay JSAPI flow as the collection (an order of purpose reprint: it never counts as paying for the collection).
/// The payment notification makes the copies wait for the next print run.
/// </summary>
public sealed class Reprints(AppDbContext db, WechatPayClient wechat, AppMetrics metrics, IOptions<PaymentsOptions> options, TimeProvider clock)
{
    public async Task<StudentOrderResponse?> OrderAsync(Guid enrollmentId, Guid studentId, int copies, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var e = await db.Enrollments.AsNoTracking().Include(x => x.Batch).SingleOrDefaultAsync(x => x.Id == enrollmentId && x.StudentId == studentId, ct);
        if (e is null) return null;
        var batch = e.Batch!;
        if (batch.Prints?.ReprintFeeFen is not { } fee)
            throw DomainException.Conflict("prints.no_reprints", "This batch offers no extra copies.");
        if (e.Status is not (EnrollmentStatus.Active or EnrollmentStatus.Completed))
            throw DomainException.Conflict("enrollment.not_active", "This enrollment is no longer active.");
        if (!await db.Photos.AnyAsync(p => p.EnrollmentId == enrollmentId && p.Status == PhotoStatus.Approved, ct))
            throw DomainException.Conflict("prints.no_approved_photo", "Extra copies are printed from your approved photo: order them once it is approved.");
        CreateOrder.EnsureAddress(batch, e.Shipping is not null);
        if (await db.Orders.AnyAsync(o => o.EnrollmentId == enrollmentId && o.Status == OrderStatus.PendingPayment && o.TimeExpire > now, ct))
            throw DomainException.Conflict("order.pending", "An order of this enrollment waits for payment: pay it, or order again once it has expired.");

        var openId = await db.Students.Where(s => s.Id == studentId).Select(s => s.OpenId).SingleAsync(ct);
        var expire = now + options.Value.OrderLifetime;
        var order = new Order(enrollmentId, studentId, TradeNumbers.NewOrder(), copies * fee, openId,
            new DateTimeOffset(expire.UtcTicks - expire.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero), null, now, TradeType.Jsapi,
            OrderPurpose.Reprint, copies);
        order.PrepayIssued(await CreateOrder.PrepayAsync(wechat, order, $"毕业生图像采集 加洗 {batch.FeatureCode}", ct), clock.GetUtcNow());
        db.Orders.Add(order);
        db.AuditEntries.Add(new AuditEntry(Actor.Student(studentId), "order.created", nameof(Order), order.Id, null,
            new { order.OutTradeNo, order.AmountFen, order.TimeExpire, order.Purpose, copies }, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            throw DomainException.Conflict("order.pending", "An order of this enrollment waits for payment: pay it, or order again once it has expired.");
        }
        metrics.OrderCreated("reprint");
        return CreateOrder.Response(order, wechat.PayParameters(order.PrepayId!), []);
    }
}
