using ImageCollection.WechatEmulator.MiniProgram;
using ImageCollection.WechatEmulator.Pay;

namespace ImageCollection.WechatEmulator.Control;

/// <summary>
/// For tests and demos (never part of WeChat): make a user pay, settle refunds, set balance and faults, record past
/// payments for bills, and read what the emulator received and delivered.
/// </summary>
public static class ControlApi
{
    /// <summary><c>Targets</c>: notify URLs the copies are spread over instead of the order's (e.g. two API instances).</summary>
    /// <summary><c>OpenId</c>: who scanned a NATIVE order's QR (a JSAPI order is paid by its own payer).</summary>
    public sealed record PayOptions(int Copies = 1, int DelayMs = 0, bool StaleTimestamp = false, bool Tamper = false, bool Drop = false,
        bool Force = false, DateTimeOffset? SuccessTime = null, string[]? Targets = null, string? OpenId = null);

    public sealed record CompleteRefund(string Status, int Copies = 1, int DelayMs = 0, bool StaleTimestamp = false, bool Tamper = false, bool Drop = false);

    public sealed record SettingsChange(string? RefundOutcome, int? RefundDelayMs, bool? NotEnough);

    public sealed record FaultRequest(string PathPrefix, string? Method, int Status = 500, bool TamperResponse = false, int Times = 1);

    public sealed record RecordPayment(string OutTradeNo, long Total, string OpenId, DateTimeOffset SuccessTime, string? AppId, string? MchId,
        string? TransactionId, string? Description);

    /// <summary><c>OutTradeNos</c>: the orders to pay (those still unpaid are paid; others are left alone).</summary>
    public sealed record PrepareNotifications(string[] OutTradeNos);

    public static void MapControlApi(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/control");
        control.MapPost("/orders/{outTradeNo}/pay", Pay);
        control.MapGet("/orders/{outTradeNo}", (string outTradeNo, PayStore store) =>
            store.Read(s => s.Orders.TryGetValue(outTradeNo, out var o) ? Results.Ok(o) : Results.NotFound()));
        control.MapPost("/refunds/{outRefundNo}/complete", (string outRefundNo, CompleteRefund r, Refunds refunds) =>
            refunds.Complete(outRefundNo, r.Status.ToUpperInvariant(), new DeliveryOptions(r.Copies, r.DelayMs, r.StaleTimestamp, r.Tamper, r.Drop))
                ? Results.NoContent() : Results.Conflict(new { message = "unknown refund, final already, or already in that state" }));
        control.MapGet("/refunds/{outRefundNo}", (string outRefundNo, PayStore store) =>
            store.Read(s => s.Refunds.TryGetValue(outRefundNo, out var r) ? Results.Ok(r) : Results.NotFound()));
        control.MapGet("/refunds", (PayStore store) => store.Read(s => s.Refunds.Values.ToList()));
        control.MapGet("/settings", (EmulatorSettings s) => new { s.RefundOutcome, s.RefundDelayMs, s.NotEnough });
        control.MapPut("/settings", (SettingsChange c, EmulatorSettings s) =>
        {
            s.RefundOutcome = c.RefundOutcome ?? s.RefundOutcome;
            s.RefundDelayMs = c.RefundDelayMs ?? s.RefundDelayMs;
            s.NotEnough = c.NotEnough ?? s.NotEnough;
            return Results.NoContent();
        });
        control.MapPost("/faults", (FaultRequest f, EmulatorSettings s) =>
        {
            s.Faults.Enqueue(new Fault { PathPrefix = f.PathPrefix, Method = f.Method, Status = f.Status, TamperResponse = f.TamperResponse,
                Remaining = f.Times });
            return Results.NoContent();
        });
        control.MapPost("/payments", Record);
        control.MapPost("/notifications/prepared", Prepare);
        control.MapGet("/requests", (string? pathPrefix, EmulatorSettings s) =>
            s.Requests.Where(r => pathPrefix is null || r.Target.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList());
        control.MapGet("/deliveries", (string? key, EmulatorSettings s) => s.Deliveries.Where(d => key is null || d.Key == key).ToList());
        control.MapGet("/messages", (MiniProgramState m) => m.Messages.ToList());
        control.MapGet("/messages/count", (MiniProgramState m) => new { count = m.Messages.Count });
        control.MapPut("/subscriptions/{openId}", (string openId, bool refuse, MiniProgramState m) =>
        {
            if (refuse) m.Refusing[openId] = 0; else m.Refusing.TryRemove(openId, out _);
            return Results.NoContent();
        });
        control.MapGet("/tokens", (MiniProgramState m) => new { requests = m.TokenRequests });
    }

    /// <summary>The user pays: the order becomes SUCCESS and WeChat notifies (unless dropped). A closed order pays only with force.</summary>
    private static IResult Pay(string outTradeNo, PayOptions? options, PayStore store, Notifier notifier)
    {
        var o = options ?? new PayOptions();
        var (order, error) = store.Change(s =>
        {
            if (!s.Orders.TryGetValue(outTradeNo, out var order)) return ((EmuOrder?)null, (string?)"no such order");
            if (order.State == "CLOSED" && !o.Force) return (null, "the order is closed (use force to pay it anyway)");
            if (order.State is "NOTPAY" or "CLOSED")
            {
                order.State = "SUCCESS";
                order.TransactionId = "4200" + (++s.Sequence).ToString("D24");
                order.SuccessTime = o.SuccessTime ?? DateTimeOffset.UtcNow;
                if (order.TradeType == "NATIVE") order.OpenId = o.OpenId ?? "o" + Guid.NewGuid().ToString("N")[..27];
                s.Touch(order);
            }
            return ((EmuOrder?)order, (string?)null);
        });
        if (order is null) return Results.Conflict(new { message = error });
        notifier.Send(order.NotifyUrl, "TRANSACTION.SUCCESS", "支付成功", "transaction", PayJson.Transaction(order), order.OutTradeNo,
            new DeliveryOptions(o.Copies, o.DelayMs, o.StaleTimestamp, o.Tamper, o.Drop, o.Targets));
        return Results.Ok(new { order.TransactionId, order.SuccessTime });
    }

    /// <summary>
    /// Users pay a set of orders, and their TRANSACTION.SUCCESS notifications are handed back signed (timestamp now)
    /// instead of delivered: a load run posts them to the API itself. They verify for five minutes.
    /// </summary>
    private static IResult Prepare(PrepareNotifications request, PayStore store, Notifier notifier)
    {
        if (request.OutTradeNos is not { Length: > 0 }) return Results.BadRequest(new { message = "name the orders: outTradeNos" });
        var paid = store.Change(s =>
        {
            var orders = request.OutTradeNos.Distinct().Select(n => s.Orders.GetValueOrDefault(n)).OfType<EmuOrder>().Where(o => o.State == "NOTPAY").ToList();
            foreach (var order in orders)
            {
                order.State = "SUCCESS";
                order.TransactionId = "4200" + (++s.Sequence).ToString("D24");
                order.SuccessTime = DateTimeOffset.UtcNow;
                s.Touch(order);
            }
            return orders.Select(o => (o.NotifyUrl, PayJson.Transaction(o))).ToList();
        });
        return Results.Ok(paid.Select(p => notifier.Prepare(p.NotifyUrl, "TRANSACTION.SUCCESS", "支付成功", "transaction", p.Item2)).ToList());
    }

    /// <summary>A payment WeChat holds with a given success time (for bills of past days), without any notification.</summary>
    private static IResult Record(RecordPayment p, PayStore store, IConfiguration configuration) => store.Change(s =>
    {
        var order = s.Orders.TryGetValue(p.OutTradeNo, out var existing) ? existing : new EmuOrder
        {
            OutTradeNo = p.OutTradeNo, AppId = p.AppId ?? configuration["Wechat:MiniProgram:AppId"] ?? "",
                MchId = p.MchId ?? configuration["WechatPay:MchId"] ?? "",
            Description = p.Description ?? "", Total = p.Total, OpenId = p.OpenId, CreatedAt = p.SuccessTime, TimeExpire = p.SuccessTime.AddMinutes(30),
        };
        order.State = "SUCCESS";
        order.TransactionId = p.TransactionId ?? order.TransactionId ?? "4200" + (++s.Sequence).ToString("D24");
        order.SuccessTime = p.SuccessTime;
        s.Orders[p.OutTradeNo] = order;
        s.Touch(order);
        return Results.Ok(new { order.TransactionId });
    });
}
