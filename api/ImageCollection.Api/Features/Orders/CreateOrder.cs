using Hangfire;
using ImageCollection.Api.Infrastructure;
using ImageCollection.Core.Auditing;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Orders;
using ImageCollection.Core.Payments;
using ImageCollection.Core.Refunds;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly.Timeout;

namespace ImageCollection.Api.Features.Orders;

public sealed record OrderWarning(string Code, string Message);

public sealed record StudentOrderResponse(Guid Id, Guid EnrollmentId, string OutTradeNo, long AmountFen, OrderStatus Status,
    DateTimeOffset TimeExpire, DateTimeOffset? PaidAt, long RefundedFen, MiniProgramPayParameters? PayParameters, IReadOnlyList<OrderWarning> Warnings);

/// <summary>
/// One payable order per enrollment: asking again (or with the same Idempotency-Key) returns the same order with fresh
/// wx.requestPayment parameters while it is payable; an expired one is closed (after a query) and replaced. No job is
/// scheduled per order: WeChat itself refuses payment after time_expire, and the unpaid-order sweep closes expired
/// orders within <c>Jobs:SweepInterval</c> (one Hangfire job per order would double the write load of ordering).
/// </summary>
public sealed class CreateOrder(AppDbContext db, WechatPayClient wechat, OrderCloser closer,
    IOptions<PaymentsOptions> options, TimeProvider clock)
{
    public async Task<StudentOrderResponse> RunAsync(Guid enrollmentId, Guid studentId, string idempotencyKey, bool acknowledgeWarnings, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var byKey = await db.Orders.SingleOrDefaultAsync(o => o.StudentId == studentId && o.IdempotencyKey == idempotencyKey, ct);
        if (byKey is not null && byKey.EnrollmentId != enrollmentId)
            throw DomainException.Conflict("order.idempotency_key_reused", "This Idempotency-Key was used for another enrollment.");
        var enrollment = await db.Enrollments.Include(e => e.Batch).SingleOrDefaultAsync(e => e.Id == enrollmentId && e.StudentId == studentId, ct)
                         ?? throw DomainException.NotFound("not_found", "No such enrollment.");
        if (byKey is not null && !byKey.IsPayableAt(now)) return Response(byKey, null, []);

        var pending = byKey ?? await db.Orders.SingleOrDefaultAsync(o => o.EnrollmentId == enrollmentId && o.Status == OrderStatus.PendingPayment, ct);
        if (pending is not null && pending.IsPayableAt(now.AddMinutes(1)))
            return Response(pending, await PrepayAsync(pending, enrollment.Batch!, ct), []);
        if (pending is not null)
        {
            // Too close to expiry to pay: settle it with WeChat first (it may have been paid), then start a new attempt.
            await closer.CloseAsync(pending.Id, "expired", ct);
            db.ChangeTracker.Clear();
        }
        EnsurePayable(enrollment, now);
        if (await db.IsPaidAsync(enrollmentId, ct))
            throw DomainException.Conflict("enrollment.already_paid", "This enrollment is already paid.");
        var warnings = await WarningsAsync(enrollment, ct);
        if (warnings.Count > 0 && !acknowledgeWarnings)
            throw new DomainException(DomainErrorKind.Conflict, "order.confirm_warnings", warnings[0].Message,
                new Dictionary<string, object?> { ["warnings"] = warnings });

        var student = await db.Students.AsNoTracking().SingleAsync(s => s.Id == studentId, ct);
        var expire = Min(enrollment.Batch!.PaymentClosesAt, now + options.Value.OrderLifetime);
        var order = new Order(enrollmentId, studentId, RefundNumbers.NewOrder(), enrollment.Batch.FeeFen, student.OpenId,
            new DateTimeOffset(expire.UtcTicks - expire.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero), idempotencyKey, now);
        db.Orders.Add(order);
        db.AuditEntries.Add(new AuditEntry(Actor.Student(studentId), "order.created", nameof(Order), order.Id, null,
            new { order.OutTradeNo, order.AmountFen, order.TimeExpire }, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A concurrent request created the payable order first: answer with that one.
            db.ChangeTracker.Clear();
            var winner = await db.Orders.SingleAsync(o => o.EnrollmentId == enrollmentId && o.Status == OrderStatus.PendingPayment, ct);
            return Response(winner, await PrepayAsync(winner, enrollment.Batch, ct), warnings);
        }
        return Response(order, await PrepayAsync(order, enrollment.Batch, ct), warnings);
    }

    private static void EnsurePayable(Enrollment enrollment, DateTimeOffset now)
    {
        var batch = enrollment.Batch!;
        if (enrollment.Status != EnrollmentStatus.Active)
            throw DomainException.Conflict("enrollment.not_active", "This enrollment is no longer active.");
        if (batch.Payer == Payer.School)
            throw DomainException.Conflict("order.school_paid", "Your school pays for this batch: there is nothing to pay in the mini-program.");
        if (batch.Status != BatchStatus.Open || now >= batch.PaymentClosesAt)
            throw DomainException.Conflict("batch.payment_closed", "Payment for this batch has closed.");
        if (now < batch.PaymentOpensAt)
            throw DomainException.Conflict("batch.payment_not_open", $"Payment opens at {batch.PaymentOpensAt.ToChina():yyyy-MM-dd HH:mm}.");
    }

    /// <summary>A second collection is rejected by CHSI and in practice not refundable: say so before taking money.</summary>
    private async Task<List<OrderWarning>> WarningsAsync(Enrollment enrollment, CancellationToken ct)
    {
        var idHash = enrollment.Identity.IdNumber?.Hash;
        var codeHash = enrollment.Identity.CollectionCode?.Hash;
        if (idHash is null && codeHash is null) return [];
        var others = db.Enrollments.Where(e => e.Id != enrollment.Id
            && ((idHash != null && e.Identity.IdNumber!.Hash == idHash) || (codeHash != null && e.Identity.CollectionCode!.Hash == codeHash)));
        var paidOrApproved = await others.AnyAsync(e => e.Status == EnrollmentStatus.Completed
            || db.Photos.Any(p => p.EnrollmentId == e.Id && p.Status == PhotoStatus.Approved), ct)
            || await others.Paid(db).AnyAsync(ct);
        return paidOrApproved
            ? [new OrderWarning("order.already_collected",
                "您已在其他批次缴费或采集成功，重复采集会被学信网拒绝且一般无法退款。You already paid or were photographed in another batch; a second collection is rejected by CHSI and usually cannot be refunded.")]
            : [];
    }

    private async Task<MiniProgramPayParameters> PrepayAsync(Order order, Batch batch, CancellationToken ct)
    {
        try
        {
            var prepayId = await wechat.PrepayAsync(new JsapiPrepayRequest(wechat.AppId, wechat.MchId, $"毕业生图像采集 {batch.FeatureCode}",
                order.OutTradeNo, WechatPayJson.Time(order.TimeExpire), wechat.Options.NotifyUrl, new PayAmount(order.AmountFen), new PrepayPayer(order.PayerOpenId)), ct);
            // Not a status change: concurrent requests for the same order may each store theirs (any is valid).
            var now = clock.GetUtcNow();
            order.PrepayIssued(prepayId, now);
            await db.Orders.Where(o => o.Id == order.Id && o.Status == OrderStatus.PendingPayment)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.PrepayId, prepayId).SetProperty(o => o.PrepayIssuedAt, now), ct);
            db.Entry(order).State = EntityState.Unchanged;
            return wechat.PayParameters(prepayId);
        }
        catch (WechatPayApiException e) when (e.Retry == RetrySafety.Never)
        {
            // WeChat will never take this order: close it here, so asking again starts a new attempt.
            db.StatusChanges.Add(order.Close($"prepay refused: {e.Code}", Actor.System, clock.GetUtcNow()));
            await db.SaveChangesAsync(ct);
            throw new DomainException(DomainErrorKind.Unavailable, "wechat_pay.refused", "WeChat Pay refused this order; try again.");
        }
        catch (Exception e) when (e is WechatPayApiException or WechatPaySignatureException or HttpRequestException or TimeoutRejectedException)
        {
            // The order stays payable; asking again sends the same out_trade_no with the same parameters.
            throw new DomainException(DomainErrorKind.Unavailable, "wechat_pay.unavailable", "WeChat Pay did not answer; try again in a moment.");
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public static StudentOrderResponse Response(Order o, MiniProgramPayParameters? pay, IReadOnlyList<OrderWarning> warnings) =>
        new(o.Id, o.EnrollmentId, o.OutTradeNo, o.AmountFen, o.Status, o.TimeExpire.ToChina(), o.PaidAt.ToChina(), o.RefundedFen, pay, warnings);
}
