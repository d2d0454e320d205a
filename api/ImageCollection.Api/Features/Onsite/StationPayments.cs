using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Hosting;
using ImageCollection.Core.Orders;
using ImageCollection.Core.WechatPay;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Onsite;

/// <summary>
/// A student who has not paid pays at the station: the station shows a WeChat Pay QR (a Native order, spec §6.3) and
/// the student scans it with WeChat. The notification pays the order as any other; the station scans the student again.
/// A station order lives 15 minutes; asking again while it is payable shows the same QR. An order the student opened in
/// the mini-program is settled first (queried, then closed), so one enrollment never has two orders to pay.
/// </summary>
public sealed class StationPayments(AppDbContext db, WechatPayClient wechat, OrderCloser closer, AppMetrics metrics, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    public async Task<Order> OpenAsync(Guid enrollmentId, Guid sessionId, int station, Guid staffId, bool isAdmin, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var session = await db.CollectionSessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sessionId, ct)
                      ?? throw DomainException.NotFound("onsite.no_session", "No such collection session.");
        await StationAccess.EnsureAssignedAsync(db, sessionId, station, staffId, isAdmin, ct);
        var enrollment = await db.Enrollments.AsNoTracking().Include(e => e.Batch)
                             .SingleOrDefaultAsync(e => e.Id == enrollmentId && e.BatchId == session.BatchId, ct)
                         ?? throw DomainException.NotFound("not_found", "No such enrollment in this session's batch.");
        var batch = enrollment.Batch!;
        if (enrollment.Status != EnrollmentStatus.Active)
            throw DomainException.Conflict("enrollment.not_active", "This enrollment is no longer active.");
        if (batch.Payer != Payer.Student)
            throw DomainException.Conflict("order.school_paid", "The school pays for this batch: nobody pays at the station.");
        if (!batch.IsOpen || !session.IsOpenAt(now))
            throw DomainException.Conflict("onsite.session_not_open", "This session is not open.");

        var pending = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.EnrollmentId == enrollmentId && o.Status == OrderStatus.PendingPayment, ct);
        if (pending is { TradeType: TradeType.Native } && pending.IsPayableAt(now.AddMinutes(1))) return pending;
        if (pending is not null)
        {
            await closer.CloseAsync(pending.Id, pending.TradeType == TradeType.Native ? "expired" : "paying at a station instead", ct);
            db.ChangeTracker.Clear();
        }
        if (await db.IsPaidAsync(enrollmentId, ct))
            throw DomainException.Conflict("enrollment.already_paid", "This enrollment is already paid: scan the student again.");

        var expire = now + Lifetime;
        var order = new Order(enrollmentId, enrollment.StudentId, TradeNumbers.NewOrder(), batch.FeeFen, "",
            new DateTimeOffset(expire.UtcTicks - expire.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero), null, now, TradeType.Native);
        order.CodeIssued(await PrepayAsync(order, batch, ct), clock.GetUtcNow());
        db.Orders.Add(order);
        db.AuditEntries.Add(new AuditEntry(Actor.Staff(staffId), "order.created_at_station", nameof(Order), order.Id, null,
            new { order.OutTradeNo, order.AmountFen, order.TimeExpire, SessionId = sessionId, Station = station }, now));
        try
        {
            await db.SaveChangesAsync(ct);
            metrics.OrderCreated("native");
            return order;
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // Two stations (or two taps) at once: show the QR of the one that was written.
            db.ChangeTracker.Clear();
            return await db.Orders.AsNoTracking().SingleAsync(o => o.EnrollmentId == enrollmentId && o.Status == OrderStatus.PendingPayment, ct);
        }
    }

    private async Task<string> PrepayAsync(Order order, Batch batch, CancellationToken ct)
    {
        try
        {
            return await wechat.NativePrepayAsync(new NativePrepayRequest(wechat.AppId, wechat.MchId, $"毕业生图像采集 {batch.FeatureCode}",
                order.OutTradeNo, WechatPayJson.Time(order.TimeExpire), wechat.Options.NotifyUrl, new PayAmount(order.AmountFen)), ct);
        }
        catch (Exception e) when (WechatPayErrors.IsCallFailure(e))
        {
            throw new DomainException(DomainErrorKind.Unavailable, "wechat_pay.unavailable", "WeChat Pay did not answer; try again in a moment.");
        }
    }
}
