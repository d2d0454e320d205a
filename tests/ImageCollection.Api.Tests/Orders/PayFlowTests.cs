using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Orders;

/// <summary>Paying through the emulator: notifications come from the emulator process to the API's real listener.</summary>
public sealed class PayFlowTests(PaymentsApiFactory api) : IClassFixture<PaymentsApiFactory>
{
    private async Task<Order> OrderRow(Guid id) => await api.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == id));

    [Fact]
    public async Task A_student_pays_and_the_notification_marks_the_order_paid_once()
    {
        var s = await api.EnrolledAsync();
        var order = await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId);
        var pay = order.GetProperty("payParameters");
        Assert.StartsWith("prepay_id=wx", pay.GetProperty("package").GetString());
        Assert.Equal("RSA", pay.GetProperty("signType").GetString());
        Assert.Equal(1500, order.GetProperty("amountFen").GetInt64());
        Assert.Matches("^[0-9A-Za-z]{6,32}$", order.GetProperty("outTradeNo").GetString());
        Assert.EndsWith("+08:00", order.GetProperty("timeExpire").GetString());

        var outTradeNo = order.GetProperty("outTradeNo").GetString()!;
        await api.PayAsync(outTradeNo);
        var id = order.GetProperty("id").GetGuid();
        await PaymentsApiFactory.Eventually(async () => (await OrderRow(id)).Status == OrderStatus.Paid, "order paid");

        // The emulator logs a delivery once it has read our answer, which can be just after the order row changed.
        await PaymentsApiFactory.Eventually(async () => (await api.DeliveriesAsync(outTradeNo)).Count > 0, "the delivery logged");
        var deliveries = await api.DeliveriesAsync(outTradeNo);
        Assert.Equal(204, Assert.Single(deliveries).GetProperty("status").GetInt32());
        var read = await s.Student.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{id}");
        Assert.Equal("paid", read.GetProperty("status").GetString());
        var changes = await api.WithDbAsync(db => db.StatusChanges.Where(c => c.EntityId == id).ToListAsync());
        Assert.Equal(("pending_payment", "paid"), (Assert.Single(changes).FromStatus, changes[0].ToStatus));

        // The order-status message reaches the emulator through the worker.
        await PaymentsApiFactory.Eventually(async () => (await api.Emulator.GetStringAsync("/control/messages")).Contains(outTradeNo), "message sent");
    }

    [Fact]
    public async Task Asking_again_returns_the_same_payable_order_with_fresh_parameters()
    {
        var s = await api.EnrolledAsync();
        var first = await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId, "key-1");
        var again = await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId, "key-2");
        var sameKey = await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId, "key-1");

        Assert.Equal(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal(first.GetProperty("id").GetGuid(), sameKey.GetProperty("id").GetGuid());
        Assert.NotEqual(first.GetProperty("payParameters").GetProperty("package").GetString(),
            again.GetProperty("payParameters").GetProperty("package").GetString());
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(i => PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId, $"c-{i}")));
        Assert.Single(concurrent.Select(o => o.GetProperty("id").GetGuid()).Append(first.GetProperty("id").GetGuid()).Distinct());
        Assert.Equal(1, await api.WithDbAsync(db => db.Orders.CountAsync(o => o.EnrollmentId == s.EnrollmentId)));
    }

    [Fact]
    public async Task Concurrent_first_orders_create_one_order_and_record_only_its_creation()
    {
        var s = await api.EnrolledAsync();
        var orders = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId, $"first-{i}")));

        var id = Assert.Single(orders.Select(o => o.GetProperty("id").GetGuid()).Distinct());
        Assert.All(orders, o => Assert.StartsWith("prepay_id=", o.GetProperty("payParameters").GetProperty("package").GetString()));
        Assert.Equal(1, await api.WithDbAsync(db => db.Orders.CountAsync(o => o.EnrollmentId == s.EnrollmentId)));
        // The losers' inserts (order and audit entry, one batch) are rolled back together.
        Assert.Equal(1, await api.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "order.created" && a.ActorId == s.StudentId)));
        Assert.NotNull((await OrderRow(id)).PrepayId);
    }

    [Fact]
    public async Task An_order_without_an_idempotency_key_is_a_validation_problem()
    {
        var s = await api.EnrolledAsync();
        var response = await s.Student.PostAsync($"/api/v1/enrollments/{s.EnrollmentId}/orders", null);
        await response.AssertValidationProblemAsync("Idempotency-Key");
    }

    [Fact]
    public async Task Reading_an_unpaid_order_queries_wechat_when_the_notification_is_lost()
    {
        var s = await api.EnrolledAsync();
        var order = await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId);
        await api.PayAsync(order.GetProperty("outTradeNo").GetString()!, new { drop = true });

        var read = await s.Student.GetFromJsonAsync<JsonElement>($"/api/v1/orders/{order.GetProperty("id").GetGuid()}");
        Assert.Equal("paid", read.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_same_notification_ten_times_at_once_to_two_api_instances_changes_the_order_once()
    {
        using var sibling = api.Sibling(out var siblingUrl);
        var s = await api.EnrolledAsync();
        var order = await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId);
        var outTradeNo = order.GetProperty("outTradeNo").GetString()!;
        await api.PayAsync(outTradeNo, new
        {
            copies = 10,
            targets = new[] { api.ApiUrl + "/api/v1/payments/wechat/notify", siblingUrl + "/api/v1/payments/wechat/notify" },
        });

        await PaymentsApiFactory.Eventually(async () => (await api.DeliveriesAsync(outTradeNo)).Count >= 10, "ten deliveries");
        var deliveries = await api.DeliveriesAsync(outTradeNo);
        Assert.All(deliveries, d => Assert.Equal(204, d.GetProperty("status").GetInt32()));
        var id = order.GetProperty("id").GetGuid();
        Assert.Single(await api.WithDbAsync(db => db.StatusChanges.Where(c => c.EntityId == id).ToListAsync()));
        Assert.Single(await api.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == id && a.Action == "order.paid").ToListAsync()));
        Assert.Empty(await api.WithDbAsync(db => db.Refunds.Where(r => r.OrderId == id).ToListAsync()));
    }

    [Theory]
    [InlineData("tamper")]
    [InlineData("staleTimestamp")]
    public async Task A_tampered_or_stale_notification_is_refused_with_401_and_changes_nothing(string fault)
    {
        var s = await api.EnrolledAsync();
        var order = await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId);
        var outTradeNo = order.GetProperty("outTradeNo").GetString()!;
        await api.PayAsync(outTradeNo, new Dictionary<string, object> { [fault] = true });

        await PaymentsApiFactory.Eventually(async () => (await api.DeliveriesAsync(outTradeNo)).Count >= 2, "a retry after the refusal");
        var deliveries = await api.DeliveriesAsync(outTradeNo);
        Assert.Equal(401, deliveries[0].GetProperty("status").GetInt32());
        Assert.Equal("FAIL", JsonDocument.Parse(deliveries[0].GetProperty("responseBody").GetString()!).RootElement.GetProperty("code").GetString());
        // The refused attempt wrote nothing: the only change is the genuine retry's.
        Assert.Equal(204, deliveries[1].GetProperty("status").GetInt32());
        var id = order.GetProperty("id").GetGuid();
        Assert.Single(await api.WithDbAsync(db => db.StatusChanges.Where(c => c.EntityId == id).ToListAsync()));
    }

    [Fact]
    public async Task A_signature_probe_is_refused_with_401()
    {
        using var client = new HttpClient { BaseAddress = new Uri(api.ApiUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments/wechat/notify")
        {
            Content = new StringContent("{\"id\":\"x\",\"event_type\":\"TRANSACTION.SUCCESS\",\"resource\":{}}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Wechatpay-Timestamp", DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString());
        request.Headers.Add("Wechatpay-Nonce", "n");
        request.Headers.Add("Wechatpay-Signature", "WECHATPAY/SIGNTEST/abcdef");
        request.Headers.Add("Wechatpay-Serial", "PUB_KEY_ID_0000");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("FAIL", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Paying_again_for_a_person_already_paid_in_another_batch_needs_the_warning_acknowledged()
    {
        var idNumber = Seed.IdNumber();
        async Task<PaymentsApiFactory.Enrolled> Enroll(JsonElement batch)
        {
            var (studentId, token) = await api.LoginStudentAsync("dup" + Guid.NewGuid().ToString("N")[..10]);
            var student = api.CreateClient(token);
            var response = await student.PostAsJsonAsync($"/api/v1/batches/{batch.GetProperty("featureCode").GetString()}/enrollments",
                Seed.Manual(idNumber, phone: "137" + Random.Shared.Next(10000000, 99999999)));
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            return new(student, studentId, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), batch);
        }
        var first = await Enroll(await api.BatchAsync());
        var paid = await PaymentsApiFactory.OrderAsync(first.Student, first.EnrollmentId);
        await api.PayAsync(paid.GetProperty("outTradeNo").GetString()!);
        var paidId = paid.GetProperty("id").GetGuid();
        await PaymentsApiFactory.Eventually(async () => (await OrderRow(paidId)).Status == OrderStatus.Paid, "first order paid");

        var second = await Enroll(await api.BatchAsync());
        using (var ask = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/enrollments/{second.EnrollmentId}/orders"))
        {
            ask.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
            await (await second.Student.SendAsync(ask)).AssertProblemAsync(HttpStatusCode.Conflict, "order.confirm_warnings");
        }
        Assert.False(await api.WithDbAsync(db => db.Orders.AnyAsync(o => o.EnrollmentId == second.EnrollmentId)));

        using var confirmed = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/enrollments/{second.EnrollmentId}/orders")
        {
            Content = JsonContent.Create(new { acknowledgeWarnings = true }),
        };
        confirmed.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        var answer = await second.Student.SendAsync(confirmed);
        var order = await answer.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.IsSuccessStatusCode, order.ToString());
        Assert.Equal("order.already_collected", order.GetProperty("warnings")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Expiry_closes_the_order_and_a_payment_after_close_is_refunded_and_reported()
    {
        var s = await api.EnrolledAsync(paymentClosesIn: TimeSpan.FromSeconds(6));
        var order = await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId);
        var id = order.GetProperty("id").GetGuid();
        await PaymentsApiFactory.Eventually(async () => (await OrderRow(id)).Status == OrderStatus.Closed, "order closed at expiry", 40);

        await api.PayAsync(order.GetProperty("outTradeNo").GetString()!, new { force = true });
        await PaymentsApiFactory.Eventually(async () => (await OrderRow(id)).Status == OrderStatus.Refunded, "late payment refunded", 40);

        var refund = await api.WithDbAsync(db => db.Refunds.SingleAsync(r => r.OrderId == id));
        Assert.Equal(("order closed", 1500L, RefundStatus.Succeeded), (refund.Reason, refund.AmountFen, refund.Status));
        var exception = await api.WithDbAsync(db => db.PaymentExceptions.SingleAsync(e => e.OrderId == id));
        Assert.Equal(PaymentExceptionKind.PaidAfterClose, exception.Kind);
        var changes = await api.WithDbAsync(db => db.StatusChanges.Where(c => c.EntityId == id).OrderBy(c => c.At).Select(c => c.ToStatus).ToListAsync());
        Assert.Equal(["closed", "paid", "refunded"], changes);
        var (_, support) = await api.LoginStaffAsync([StaffRoles.Support]);
        var listed = await api.CreateClient(support).GetStringAsync("/api/v1/staff/payment-exceptions?status=open");
        Assert.Contains(order.GetProperty("outTradeNo").GetString()!, listed);
    }
}
