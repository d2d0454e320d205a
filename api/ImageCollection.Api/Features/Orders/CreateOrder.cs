using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Hosting;
using ImageCollection.Core.Orders;
using ImageCollection.Core.Refunds;
using ImageCollection.Core.WechatPay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Api.Features.Orders;

public sealed record OrderWarning(string Code, string Message);

public sealed record StudentOrderResponse(Guid Id, Guid EnrollmentId, string OutTradeNo, long AmountFen, OrderStatus Status,
    DateTimeOffset TimeExpire, DateTimeOffset? PaidAt, long RefundedFen, MiniProgramPayParameters? PayParameters, IReadOnlyList<OrderWarning> Warnings);

/// <summary>
/// One payable order per enrollment: asking again (or with the same Idempotency-Key) returns the same order with fresh
/// wx.requestPayment parameters while it is payable; an expired one is closed (after a query) and replaced. No job is
/// scheduled per order: WeChat itself refuses payment after time_expire, and the unpaid-order sweep closes expired
/// orders within <c>Jobs:SweepInterval</c> (one Hangfire job per order would double the write load of ordering).
/// Everything the rules need is read in one query; a new order is prepaid at WeChat before it is written, so it is
/// written once, with its prepay_id, and a prepay WeChat refuses or does not answer leaves nothing behind (that
/// out_trade_no was never handed to the student, so nobody can pay it).
/// </summary>
public sealed class CreateOrder(AppDbContext db, WechatPayClient wechat, OrderCloser closer, AppMetrics metrics,
    IOptions<PaymentsOptions> options, TimeProvider clock)
{
    private const string RefusedCode = "wechat_pay.refused";

    public async Task<StudentOrderResponse> RunAsync(Guid enrollmentId, Guid studentId, string idempotencyKey, bool acknowledgeWarnings, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var facts = await FactsOf(db, enrollmentId, studentId, idempotencyKey, ct)
                    ?? throw DomainException.NotFound("not_found", "No such enrollment.");
        var (batch, byKey) = (facts.Batch, facts.ByKey);
        if (byKey is not null && byKey.EnrollmentId != enrollmentId)
            throw DomainException.Conflict("order.idempotency_key_reused", "This Idempotency-Key was used for another enrollment.");
        if (byKey is not null && !byKey.IsPayableAt(now)) return Response(byKey, null, []);

        var pending = byKey ?? facts.Pending;
        if (pending is { TradeType: TradeType.Native } && pending.IsPayableAt(now))
            throw DomainException.Conflict("order.paying_at_station",
                "A payment QR for this enrollment is open at a collection station: pay there, or try again once it has expired.");
        if (pending is not null && pending.IsPayableAt(now.AddMinutes(1)))
            return Response(pending, await PayAgainAsync(pending, batch, ct), []);
        var paid = facts.Paid;
        if (pending is not null)
        {
            // Too close to expiry to pay: settle it with WeChat first (it may have been paid), then start a new attempt.
            await closer.CloseAsync(pending.Id, "expired", ct);
            db.ChangeTracker.Clear();
            paid = await db.IsPaidAsync(enrollmentId, ct);
        }
        EnsurePayable(facts.Status, batch, now);
        EnsureAddress(batch, facts.HasAddress);
        if (paid) throw DomainException.Conflict("enrollment.already_paid", "This enrollment is already paid.");
        List<OrderWarning> warnings = facts.CollectedElsewhere ? [AlreadyCollected] : [];
        if (warnings.Count > 0 && !acknowledgeWarnings)
            throw new DomainException(DomainErrorKind.Conflict, "order.confirm_warnings", warnings[0].Message,
                new Dictionary<string, object?> { ["warnings"] = warnings });

        var expire = Min(batch.PaymentClosesAt, now + options.Value.OrderLifetime);
        var order = new Order(enrollmentId, studentId, TradeNumbers.NewOrder(), batch.FeeFen, facts.OpenId,
            new DateTimeOffset(expire.UtcTicks - expire.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero), idempotencyKey, now);
        order.PrepayIssued(await PrepayAsync(order, batch, ct), clock.GetUtcNow());
        db.Orders.Add(order);
        db.AuditEntries.Add(new AuditEntry(Actor.Student(studentId), "order.created", nameof(Order), order.Id, null,
            new { order.OutTradeNo, order.AmountFen, order.TimeExpire }, now));
        // Both inserts go in one batch, which PostgreSQL runs as one implicit transaction (one Sync): atomic without
        // BEGIN and COMMIT, and one round trip instead of two.
        db.Database.AutoTransactionBehavior = AutoTransactionBehavior.Never;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            // A concurrent request created the payable order first: answer with that one.
            db.ChangeTracker.Clear();
            var winner = await db.Orders.AsNoTracking().SingleAsync(o => o.EnrollmentId == enrollmentId && o.Status == OrderStatus.PendingPayment, ct);
            return Response(winner, await PayAgainAsync(winner, batch, ct), warnings);
        }
        metrics.OrderCreated("jsapi");
        return Response(order, wechat.PayParameters(order.PrepayId!), warnings);
    }

    private static readonly OrderWarning AlreadyCollected = new("order.already_collected",
        "您已在其他批次缴费或采集成功，重复采集会被学信网拒绝且一般无法退款。"
        + "You already paid or were photographed in another batch; a second collection is rejected by CHSI and usually cannot be refunded.");

    private sealed record OrderFacts(EnrollmentStatus Status, Batch Batch, string OpenId, Order? ByKey, Order? Pending, bool Paid, bool CollectedElsewhere,
        bool HasAddress);

    /// <summary>
    /// The enrollment's status and batch, the student's openid, the order of this Idempotency-Key, the payable order, whether
    /// the enrollment is paid, and whether the same person (ID number or collection code) already paid or was
    /// photographed in another enrollment: a second collection is rejected by CHSI and in practice not refundable.
    /// </summary>
    private static readonly Func<AppDbContext, Guid, Guid, string, CancellationToken, Task<OrderFacts?>> FactsOf =
        EF.CompileAsyncQuery((AppDbContext db, Guid enrollmentId, Guid studentId, string key, CancellationToken ct) => db.Enrollments.AsNoTracking()
            .Where(e => e.Id == enrollmentId && e.StudentId == studentId)
            .Select(e => new OrderFacts(e.Status, e.Batch!,
                db.Students.Where(s => s.Id == e.StudentId).Select(s => s.OpenId).First(),
                db.Orders.FirstOrDefault(o => o.StudentId == studentId && o.IdempotencyKey == key),
                // By the parameter, not e.Id: a correlated first-of becomes a window over every pending order.
                db.Orders.FirstOrDefault(o => o.EnrollmentId == enrollmentId && o.Status == OrderStatus.PendingPayment
                    && o.Purpose == OrderPurpose.Collection),
                db.Orders.Where(o => o.EnrollmentId == e.Id).Any(Order.Paying) || db.SchoolPaymentEnrollments.Any(s => s.EnrollmentId == e.Id),
                db.Enrollments.Where(other => other.Id != e.Id
                        && ((e.Identity.IdNumber != null && other.Identity.IdNumber!.Hash == e.Identity.IdNumber.Hash)
                            || (e.Identity.CollectionCode != null && other.Identity.CollectionCode!.Hash == e.Identity.CollectionCode.Hash)))
                    .Any(other => other.Status == EnrollmentStatus.Completed
                                  || db.Photos.Any(p => p.EnrollmentId == other.Id && p.Status == PhotoStatus.Approved)
                                  || db.Orders.Where(o => o.EnrollmentId == other.Id).Any(Order.Paying)
                                  || db.SchoolPaymentEnrollments.Any(s => s.EnrollmentId == other.Id)),
                e.Shipping != null))
            .SingleOrDefault());

    private static void EnsurePayable(EnrollmentStatus status, Batch batch, DateTimeOffset now)
    {
        if (status != EnrollmentStatus.Active)
            throw DomainException.Conflict("enrollment.not_active", "This enrollment is no longer active.");
        if (batch.Payer == Payer.School)
            throw DomainException.Conflict("order.school_paid", "Your school pays for this batch: there is nothing to pay in the mini-program.");
        if (!batch.IsOpen || now >= batch.PaymentClosesAt)
            throw DomainException.Conflict("batch.payment_closed", "Payment for this batch has closed.");
        if (!batch.InPaymentWindow(now))
            throw DomainException.Conflict("batch.payment_not_open", $"Payment opens at {batch.PaymentOpensAt.ToChina():yyyy-MM-dd HH:mm}.");
    }

    /// <summary>A batch that posts its prints needs the student's address before the student pays (快递收件信息).</summary>
    public static void EnsureAddress(Batch batch, bool hasAddress)
    {
        if (batch.PostsPrints && !hasAddress)
            throw DomainException.Conflict("order.address_required",
                "此批次的纸质照片将邮寄给您：请先填写快递收件信息再支付。Your prints are posted to you: give your shipping address before you pay.");
    }

    /// <summary>Fresh wx.requestPayment parameters for a payable order: prepaid again (the same out_trade_no and parameters).</summary>
    private async Task<MiniProgramPayParameters> PayAgainAsync(Order order, Batch batch, CancellationToken ct)
    {
        string prepayId;
        try
        {
            prepayId = await PrepayAsync(order, batch, ct);
        }
        catch (DomainException e) when (e.Code == RefusedCode)
        {
            // WeChat will never take this order: close it here, so asking again starts a new attempt.
            var refused = await db.Orders.SingleAsync(o => o.Id == order.Id, ct);
            if (refused.Status == OrderStatus.PendingPayment)
            {
                db.StatusChanges.Add(refused.Close("prepay refused", Actor.System, clock.GetUtcNow()));
                await db.SaveChangesAsync(ct);
            }
            throw;
        }
        if (prepayId != order.PrepayId)
        {
            // Not a status change: concurrent requests for the same order may each store theirs (any is valid).
            var issued = clock.GetUtcNow();
            await db.Orders.Where(o => o.Id == order.Id && o.Status == OrderStatus.PendingPayment)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.PrepayId, prepayId).SetProperty(o => o.PrepayIssuedAt, issued), ct);
        }
        return wechat.PayParameters(prepayId);
    }

    private Task<string> PrepayAsync(Order order, Batch batch, CancellationToken ct) => PrepayAsync(wechat, order, $"毕业生图像采集 {batch.FeatureCode}", ct);

    /// <summary>JSAPI prepay (the same out_trade_no and parameters on every retry); refusals and silence as problems.</summary>
    public static async Task<string> PrepayAsync(WechatPayClient wechat, Order order, string description, CancellationToken ct)
    {
        try
        {
            return await wechat.PrepayAsync(new JsapiPrepayRequest(wechat.AppId, wechat.MchId, description,
                order.OutTradeNo, WechatPayJson.Time(order.TimeExpire), wechat.Options.NotifyUrl, new PayAmount(order.AmountFen),
                    new PrepayPayer(order.PayerOpenId)), ct);
        }
        catch (WechatPayApiException e) when (e.Retry == RetrySafety.Never)
        {
            throw new DomainException(DomainErrorKind.Unavailable, RefusedCode, $"WeChat Pay refused this order ({e.Code}); try again.");
        }
        catch (Exception e) when (WechatPayErrors.IsCallFailure(e))
        {
            // Asking again sends the same out_trade_no with the same parameters (a payable order), or starts a new one.
            throw new DomainException(DomainErrorKind.Unavailable, "wechat_pay.unavailable", "WeChat Pay did not answer; try again in a moment.");
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    public static StudentOrderResponse Response(Order o, MiniProgramPayParameters? pay, IReadOnlyList<OrderWarning> warnings) =>
        new(o.Id, o.EnrollmentId, o.OutTradeNo, o.AmountFen, o.Status, o.TimeExpire.ToChina(), o.PaidAt.ToChina(), o.RefundedFen, pay, warnings);
}
