using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Orders;
using ImageCollection.Core.WechatPay;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ImageCollection.Api.Tests.WechatCallbacks;

/// <summary>Payments applied in groups (one transaction for a burst of notifications), against real PostgreSQL.</summary>
public sealed class PaymentGroupTests(PaymentsApiFactory api) : IClassFixture<PaymentsApiFactory>
{
    private JsonElement? _batch;

    /// <summary>A student of this test's batch (one batch per test: staff logins are rate-limited) with a payable order.</summary>
    private async Task<(Order Order, PaymentsApiFactory.Enrolled Student)> PendingOrderAsync()
    {
        _batch ??= await api.BatchAsync();
        var s = await api.EnrolledAsync(batch: _batch);
        var id = (await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId)).GetProperty("id").GetGuid();
        return (await api.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == id)), s);
    }

    private WechatTransaction Paid(Order order, long? amount = null, string state = WechatTransaction.Success)
    {
        var wechat = api.Services.GetRequiredService<WechatPayClient>();
        return new WechatTransaction(wechat.AppId, wechat.MchId, order.OutTradeNo, "4200" + Random.Shared.NextInt64(10_000_000_000, 99_999_999_999),
            "JSAPI", state, null, "OTHERS", null, DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-ddTHH:mm:sszzz"),
            new TransactionPayer(order.PayerOpenId), new TransactionAmount(amount ?? order.AmountFen, amount ?? order.AmountFen, "CNY", "CNY"));
    }

    [Fact]
    public async Task A_group_applies_payable_orders_once_and_leaves_every_other_case_to_the_full_path()
    {
        var (a, _) = await PendingOrderAsync();
        var (b, _) = await PendingOrderAsync();
        var (c, _) = await PendingOrderAsync();
        var (d, _) = await PendingOrderAsync();
        var payA = Paid(a);
        var unknown = Paid(a) with { OutTradeNo = "NOSUCHORDER" + Random.Shared.Next(100000, 999999) };
        List<(WechatTransaction, string)> group =
            [(payA, "test"), (payA, "test again"), (Paid(b, amount: 1), "test"), (unknown, "test"), (Paid(c), "test"), (Paid(d,
                state: WechatTransaction.NotPay), "test")];

        var outcomes = await WithApplierAsync(applier => applier.ApplyGroupAsync(group, CancellationToken.None));

        Assert.Equal([PaymentOutcome.Applied, null, null, null, PaymentOutcome.Applied, PaymentOutcome.NotPaid], outcomes);
        var rows = await api.WithDbAsync(db => db.Orders.AsNoTracking().Where(o => new[] { a.Id, b.Id, c.Id,
            d.Id }.Contains(o.Id)).ToDictionaryAsync(o => o.Id));
        Assert.Equal((OrderStatus.Paid, payA.TransactionId), (rows[a.Id].Status, rows[a.Id].TransactionId));
        Assert.Equal(OrderStatus.Paid, rows[c.Id].Status);
        Assert.Equal(OrderStatus.PendingPayment, rows[b.Id].Status);
        Assert.Equal(OrderStatus.PendingPayment, rows[d.Id].Status);
        Assert.Single(await api.WithDbAsync(db => db.StatusChanges.Where(x => x.EntityId == a.Id).ToListAsync()));
        Assert.Single(await api.WithDbAsync(db => db.AuditEntries.Where(x => x.EntityId == a.Id && x.Action == "order.paid").ToListAsync()));

        // What the group left is applied alone, with every check.
        Assert.Equal(PaymentOutcome.AlreadyApplied, await WithApplierAsync(p => p.ApplyAsync(payA, "test again", CancellationToken.None)));
        Assert.Equal(PaymentOutcome.Mismatch, await WithApplierAsync(p => p.ApplyAsync(group[2].Item1, "test", CancellationToken.None)));
        Assert.Equal(PaymentOutcome.UnknownOrder, await WithApplierAsync(p => p.ApplyAsync(unknown, "test", CancellationToken.None)));
        Assert.Equal(OrderStatus.PendingPayment, (await api.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == b.Id))).Status);
        Assert.True(await api.WithDbAsync(db => db.PaymentExceptions.AnyAsync(e => e.OrderId == b.Id && e.Kind == PaymentExceptionKind.Mismatch)));
    }

    [Fact]
    public async Task A_late_payment_of_a_closed_order_in_a_group_is_left_to_the_full_path_which_refunds_it()
    {
        var (a, s) = await PendingOrderAsync();
        await api.WithDbAsync(async db =>
        {
            var closed = await db.Orders.SingleAsync(o => o.Id == a.Id);
            db.StatusChanges.Add(closed.Close("test", Actor.System, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        var second = (await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId)).GetProperty("id").GetGuid();
        var b = await api.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == second));
        var late = Paid(a);

        var outcomes = await WithApplierAsync(p => p.ApplyGroupAsync([(Paid(b), "test"), (late, "test")], CancellationToken.None));

        Assert.Equal([PaymentOutcome.Applied, null], outcomes);
        Assert.Equal(OrderStatus.Closed, (await api.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == a.Id))).Status);
        Assert.Equal(PaymentOutcome.Applied, await WithApplierAsync(p => p.ApplyAsync(late, "test", CancellationToken.None)));
        var refund = await api.WithDbAsync(db => db.Refunds.AsNoTracking().SingleAsync(r => r.OrderId == a.Id));
        Assert.Equal(("order closed", a.AmountFen), (refund.Reason, refund.AmountFen));
        Assert.True(await api.WithDbAsync(db => db.PaymentExceptions.AnyAsync(e => e.OrderId == a.Id && e.Kind == PaymentExceptionKind.PaidAfterClose)));
    }

    [Fact]
    public async Task A_burst_of_signed_notifications_twice_over_to_two_instances_pays_each_order_once()
    {
        using var sibling = api.Sibling(out var siblingUrl);
        var orders = new List<Order>();
        for (var i = 0; i < 24; i++) orders.Add((await PendingOrderAsync()).Order);
        var prepared = await (await api.Emulator.PostAsJsonAsync("/control/notifications/prepared", new { outTradeNos = orders.Select(o => o.OutTradeNo) }))
            .EnsureSuccessStatusCode().Content.ReadFromJsonAsync<List<JsonElement>>();
        Assert.Equal(orders.Count, prepared!.Count);

        using var http = new HttpClient();
        var posts = prepared.SelectMany(n => new[] { api.ApiUrl, siblingUrl }.Select(async baseUrl =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, baseUrl + new Uri(n.GetProperty("url").GetString()!).PathAndQuery)
            {
                Content = new StringContent(n.GetProperty("body").GetString()!, Encoding.UTF8, "application/json"),
            };
            foreach (var h in n.GetProperty("headers").EnumerateObject().Where(h => h.Name != "Content-Type"))
                request.Headers.TryAddWithoutValidation(h.Name, h.Value.GetString());
            return (await http.SendAsync(request)).StatusCode;
        }));
        var answers = await Task.WhenAll(posts);

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.NoContent, status));
        var ids = orders.Select(o => o.Id).ToList();
        Assert.Equal(orders.Count, await api.WithDbAsync(db => db.Orders.CountAsync(o => ids.Contains(o.Id) && o.Status == OrderStatus.Paid)));
        Assert.Equal(orders.Count, await api.WithDbAsync(db => db.StatusChanges.CountAsync(x => ids.Contains(x.EntityId))));
        Assert.Equal(orders.Count,
            await api.WithDbAsync(db => db.AuditEntries.CountAsync(x => x.EntityId != null && ids.Contains(x.EntityId.Value) && x.Action == "order.paid")));
        // One order-status message each, sent by the worker from the outbox.
        await PaymentsApiFactory.Eventually(async () =>
        {
            var sent = await api.Emulator.GetStringAsync("/control/messages");
            return orders.All(o => sent.Contains(o.OutTradeNo));
        }, "a message for every payment");
        // The sender deletes its rows when its round commits, just after the sends the emulator has seen.
        var students = orders.Select(o => o.PayerOpenId).ToList();
        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db => db.StudentMessages.CountAsync(m => students.Contains(m.ToUser))) == 0,
            "the outbox emptied", seconds: 10);
    }

    private async Task<T> WithApplierAsync<T>(Func<PaymentApplier, Task<T>> action)
    {
        await using var scope = api.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<PaymentApplier>());
    }
}
