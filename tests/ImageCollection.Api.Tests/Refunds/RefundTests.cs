using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Refunds;

public sealed class RefundTests(PaymentsApiFactory api) : IClassFixture<PaymentsApiFactory>
{
    private async Task<(PaymentsApiFactory.Enrolled S, JsonElement Order)> PaidAsync()
    {
        var s = await api.EnrolledAsync();
        var order = await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId);
        await api.PayAsync(order.GetProperty("outTradeNo").GetString()!);
        var id = order.GetProperty("id").GetGuid();
        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db => db.Orders.AnyAsync(o => o.Id == id && o.Status == OrderStatus.Paid)),
            "paid");
        return (s, order);
    }

    private sealed record SentRefund(string Method, string Target, string Body, int Status);

    [Fact]
    public async Task A_student_refund_succeeds_and_the_enrollment_leaves_the_batch()
    {
        var (s, order) = await PaidAsync();
        var response = await s.Student.PostAsJsonAsync($"/api/v1/enrollments/{s.EnrollmentId}/refund", new { reason = "无法参加" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var refund = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(1500, refund.GetProperty("amountFen").GetInt64());

        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db =>
            db.Enrollments.AnyAsync(e => e.Id == s.EnrollmentId && e.Status == EnrollmentStatus.Refunded)), "enrollment refunded");
        var row = await api.WithDbAsync(db => db.Orders.SingleAsync(o => o.Id == order.GetProperty("id").GetGuid()));
        Assert.Equal((OrderStatus.Refunded, 1500L, 1500L), (row.Status, row.RefundedFen, row.RefundCommittedFen));
        await (await s.Student.PostAsJsonAsync($"/api/v1/enrollments/{s.EnrollmentId}/refund", new { }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "enrollment.not_active");
    }

    [Fact]
    public async Task A_paid_enrollment_is_not_withdrawn_and_an_unpaid_one_is_not_refunded()
    {
        var (paid, _) = await PaidAsync();
        await (await paid.Student.PostAsync($"/api/v1/enrollments/{paid.EnrollmentId}/withdraw", null)).AssertProblemAsync(HttpStatusCode.Conflict,
            "enrollment.paid");
        var unpaid = await api.EnrolledAsync();
        await (await unpaid.Student.PostAsJsonAsync($"/api/v1/enrollments/{unpaid.EnrollmentId}/refund", new { }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "refund.not_paid");
    }

    [Fact]
    public async Task Concurrent_support_refunds_never_exceed_what_was_paid_at_wechat_either()
    {
        var (_, order) = await PaidAsync();
        var id = order.GetProperty("id").GetGuid();
        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);

        var answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            support.PostAsJsonAsync($"/api/v1/staff/orders/{id}/refunds", new { amountFen = 600, reason = "部分退款" })));
        var accepted = answers.Count(a => a.StatusCode == HttpStatusCode.Accepted);
        Assert.InRange(accepted, 1, 2);
        Assert.All(answers.Where(a => a.StatusCode != HttpStatusCode.Accepted), a => Assert.Equal(HttpStatusCode.Conflict, a.StatusCode));
        var committed = await api.WithDbAsync(db => db.Orders.Where(o => o.Id == id).Select(o => o.RefundCommittedFen).SingleAsync());
        Assert.Equal(accepted * 600, committed);

        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db =>
            db.Refunds.Where(r => r.OrderId == id).AllAsync(r => r.Status == RefundStatus.Succeeded)), "refunds settled");
        var sent = (await api.Emulator.GetFromJsonAsync<List<SentRefund>>("/control/requests?pathPrefix=/v3/refund/domestic/refunds",
            JsonSerializerOptions.Web))!
            .Where(r => r.Method == "POST" && r.Body.Contains(order.GetProperty("outTradeNo").GetString()!) && r.Status == 200)
            .Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.True(sent.DistinctBy(r => r.GetProperty("out_refund_no").GetString()).Sum(r
            => r.GetProperty("amount").GetProperty("refund").GetInt64()) <= 1500);
        var audit = await api.WithDbAsync(db => db.AuditEntries.CountAsync(a => a.Action == "refund.requested" && a.EntityType == "Refund"
            && db.Refunds.Any(r => r.Id == a.EntityId && r.OrderId == id)));
        Assert.Equal(accepted, audit);
    }

    [Fact]
    public async Task A_refund_beyond_the_paid_amount_is_refused_before_reaching_wechat()
    {
        var (_, order) = await PaidAsync();
        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        var response = await support.PostAsJsonAsync($"/api/v1/staff/orders/{order.GetProperty("id").GetGuid()}/refunds", new { amountFen = 1501,
            reason = "x" });
        await response.AssertProblemAsync(HttpStatusCode.Conflict, "refund.exceeds_paid");
    }

    [Fact]
    public async Task A_school_paid_batch_takes_no_order_and_locks_its_fee()
    {
        var batch = await api.BatchAsync(payer: "school");
        var s = await api.EnrolledAsync(batch: batch);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/enrollments/{s.EnrollmentId}/orders");
        request.Headers.Add("Idempotency-Key", "k");
        await (await s.Student.SendAsync(request)).AssertProblemAsync(HttpStatusCode.Conflict, "order.school_paid");

        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        var batchId = batch.GetProperty("id").GetGuid();
        var payment = await support.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/school-payments", new
        {
            amountFen = 1500, reference = "转账 2026-05-01 计算机学院", major = "计算机科学与技术",
        });
        Assert.Equal(HttpStatusCode.Created, payment.StatusCode);
        Assert.Contains(s.EnrollmentId.ToString(), await payment.Content.ReadAsStringAsync());

        var terms = new
        {
            population = "全日制", graduationYear = 2027, feeFen = 2000, payer = "school",
            paymentOpensAt = DateTimeOffset.Now.AddDays(-1), paymentClosesAt = DateTimeOffset.Now.AddDays(3),
            collectionOpensAt = DateTimeOffset.Now.AddDays(-1), collectionClosesAt = DateTimeOffset.Now.AddDays(3),
        };
        await (await support.PutAsJsonAsync($"/api/v1/staff/batches/{batchId}/terms", terms)).AssertProblemAsync(HttpStatusCode.Conflict, "batch.fee_locked");
        await (await s.Student.PostAsync($"/api/v1/enrollments/{s.EnrollmentId}/withdraw", null)).AssertProblemAsync(HttpStatusCode.Conflict,
            "enrollment.paid");
        await (await s.Student.PostAsJsonAsync($"/api/v1/enrollments/{s.EnrollmentId}/refund", new { }))
            .AssertProblemAsync(HttpStatusCode.Conflict, "refund.school_paid");
    }

    [Fact]
    public async Task Support_finds_an_order_by_out_trade_no_or_phone()
    {
        var (s, order) = await PaidAsync();
        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        var byNo = await support.GetFromJsonAsync<JsonElement[]>($"/api/v1/staff/orders/search?outTradeNo={order.GetProperty("outTradeNo").GetString()}");
        Assert.Equal(order.GetProperty("id").GetGuid(), Assert.Single(byNo!).GetProperty("id").GetGuid());
        var transactionId = Assert.Single(byNo!).GetProperty("transactionId").GetString();
        var byTransaction = await support.GetFromJsonAsync<JsonElement[]>($"/api/v1/staff/orders/search?transactionId={transactionId}");
        Assert.Single(byTransaction!);
    }

    [Fact]
    public async Task Support_reads_an_orders_history_with_its_refund_who_asked_why_and_when()
    {
        var (s, order) = await PaidAsync();
        var id = order.GetProperty("id").GetGuid();
        var (staffId, token) = await api.LoginStaffAsync([StaffRoles.Support]);
        var support = api.CreateClient(token);
        Assert.Equal(HttpStatusCode.Accepted,
            (await support.PostAsJsonAsync($"/api/v1/staff/orders/{id}/refunds", new { amountFen = 500, reason = "补差价" })).StatusCode);
        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db =>
            db.Orders.AnyAsync(o => o.Id == id && o.Status == OrderStatus.PartiallyRefunded)), "partly refunded");

        var response = await support.GetAsync($"/api/v1/staff/orders/{id}/history");
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var history = JsonDocument.Parse(text).RootElement.EnumerateArray().ToList();
        var steps = history.Select(e => $"{e.GetProperty("subject").GetString()}:{e.GetProperty("toStatus").GetString()}").ToList();
        Assert.Equal(["order:pending_payment", "order:paid", "refund:requested"], steps.Take(3));
        Assert.Equal("order:partially_refunded", steps[^1]);
        Assert.Contains("refund:succeeded", steps);
        var requested = history.Single(e => e.GetProperty("toStatus").GetString() == "requested");
        Assert.Equal(("补差价", "staff", 500L), (requested.GetProperty("reason").GetString(), requested.GetProperty("actorType").GetString(),
            requested.GetProperty("amountFen").GetInt64()));
        var staffName = await api.WithDbAsync(db => db.StaffUsers.Where(u => u.Id == staffId).Select(u => u.DisplayName).SingleAsync());
        Assert.Equal(staffName, requested.GetProperty("actorName").GetString());
        Assert.Equal(TimeSpan.FromHours(8), requested.GetProperty("at").GetDateTimeOffset().Offset);
        Assert.True(history.Select(e => e.GetProperty("at").GetDateTimeOffset()).SequenceEqual(history.Select(e => e.GetProperty("at")
            .GetDateTimeOffset()).Order()));
        var identity = await api.WithDbAsync(db => db.Enrollments.Where(e => e.Id == s.EnrollmentId).Select(e => e.Identity.Name).SingleAsync());
        Assert.DoesNotContain(identity, text);

        await (await support.GetAsync($"/api/v1/staff/orders/{Guid.NewGuid()}/history")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
    }
}
