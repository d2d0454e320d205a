using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.PaymentExceptions;

public sealed class ReconciliationTests(PaymentsApiFactory api) : IClassFixture<PaymentsApiFactory>
{
    [Fact]
    public async Task Yesterdays_bill_applies_a_missed_payment_and_reports_one_wechat_does_not_know()
    {
        var yesterday = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(-1);
        // WeChat took this payment yesterday, but neither its notification nor a query ever reached us
        // (an order the unpaid-order sweep does not look at yet: no prepay recorded, far from expiry).
        var missed = await api.EnrolledAsync();
        var outTradeNo = "M" + Guid.NewGuid().ToString("N")[..24];
        var openId = await api.WithDbAsync(async db =>
        {
            var student = await db.Students.SingleAsync(s => s.Id == missed.StudentId);
            db.Orders.Add(new Order(missed.EnrollmentId, missed.StudentId, outTradeNo, 1500, student.OpenId, DateTimeOffset.UtcNow.AddHours(1), null,
                DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
            return student.OpenId;
        });
        (await api.Emulator.PostAsJsonAsync("/control/payments", new { outTradeNo, total = 1500, openId, successTime = yesterday })).EnsureSuccessStatusCode();

        // We hold this one as paid yesterday; WeChat never saw it.
        var phantom = await api.EnrolledAsync();
        var phantomNo = "G" + Guid.NewGuid().ToString("N")[..24];
        await api.WithDbAsync(async db =>
        {
            var student = await db.Students.SingleAsync(s => s.Id == phantom.StudentId);
            var at = yesterday.ToUniversalTime();
            var o = new Order(phantom.EnrollmentId, phantom.StudentId, phantomNo, 1500, student.OpenId, at.AddMinutes(30), null, at);
            o.MarkPaid("4200000000000000000000099999", at, Actor.System, at);
            db.Orders.Add(o);
            return await db.SaveChangesAsync();
        });

        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        var run = await support.PostAsJsonAsync("/api/v1/staff/payments/reconciliations", new { billDate = yesterday.ToString("yyyy-MM-dd") });
        Assert.Equal(HttpStatusCode.Accepted, run.StatusCode);
        var queued = await run.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((yesterday.ToString("yyyy-MM-dd"), "queued"), (queued.GetProperty("billDate").GetString(), queued.GetProperty("status").GetString()));
        var runId = queued.GetProperty("id").GetGuid();

        async Task<JsonElement> Listed() => (await support.GetFromJsonAsync<JsonElement[]>(
            $"/api/v1/staff/payments/reconciliations?billDate={yesterday:yyyy-MM-dd}"))!.Single(r => r.GetProperty("id").GetGuid() == runId);
        await PaymentsApiFactory.Eventually(async () => (await Listed()).GetProperty("status").GetString() == "succeeded", "reconciled", 40);
        var applied = await api.WithDbAsync(db => db.Orders.SingleAsync(o => o.OutTradeNo == outTradeNo));
        Assert.Equal(OrderStatus.Paid, applied.Status);
        var exceptions = await api.WithDbAsync(db => db.PaymentExceptions.Where(e => e.OutTradeNo == outTradeNo || e.OutTradeNo == phantomNo).ToListAsync());
        Assert.Contains(exceptions, e => e.Kind == PaymentExceptionKind.MissedPayment && e.OutTradeNo == outTradeNo);
        Assert.Contains(exceptions, e => e.Kind == PaymentExceptionKind.UnknownToWechat && e.OutTradeNo == phantomNo);

        // The run keeps what it compared and each difference, pointing at the exception it opened.
        var done = await Listed();
        Assert.True(done.GetProperty("billPayments").GetInt32() >= 1);
        Assert.True(done.GetProperty("ourPayments").GetInt32() >= 1);
        var differences = done.GetProperty("differences").EnumerateArray().ToList();
        Assert.Equal(differences.Count, done.GetProperty("differenceCount").GetInt32());
        var missedRow = differences.Single(d => d.GetProperty("outTradeNo").GetString() == outTradeNo);
        Assert.Equal(("missed_payment", 1500L, "open"), (missedRow.GetProperty("kind").GetString(), missedRow.GetProperty("amountFen").GetInt64(),
            missedRow.GetProperty("paymentExceptionStatus").GetString()));
        var phantomRow = differences.Single(d => d.GetProperty("outTradeNo").GetString() == phantomNo);
        Assert.Equal("unknown_to_wechat", phantomRow.GetProperty("kind").GetString());
        Assert.Equal(exceptions.Single(e => e.OutTradeNo == phantomNo).Id, phantomRow.GetProperty("paymentExceptionId").GetGuid());

        var resolved = await support.PostAsJsonAsync($"/api/v1/staff/payment-exceptions/{exceptions.First(e => e.OutTradeNo == phantomNo).Id}/resolve",
            new { resolution = "已与微信支付核对：测试数据" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
        Assert.Equal("resolved", (await Listed()).GetProperty("differences").EnumerateArray()
            .Single(d => d.GetProperty("outTradeNo").GetString() == phantomNo).GetProperty("paymentExceptionStatus").GetString());
    }

    [Fact]
    public async Task Only_past_days_can_be_reconciled()
    {
        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        var before = await api.WithDbAsync(db => db.ReconciliationRuns.CountAsync());
        await (await support.PostAsJsonAsync("/api/v1/staff/payments/reconciliations", new { billDate = today })).AssertValidationProblemAsync("billDate");
        Assert.Equal(before, await api.WithDbAsync(db => db.ReconciliationRuns.CountAsync()));
    }

    [Fact]
    public async Task The_run_list_refuses_a_malformed_date_or_limit_as_a_problem()
    {
        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        await (await support.GetAsync("/api/v1/staff/payments/reconciliations?billDate=yesterday"))
            .AssertProblemAsync(HttpStatusCode.BadRequest, "request.invalid");
        await (await support.GetAsync("/api/v1/staff/payments/reconciliations?limit=abc")).AssertProblemAsync(HttpStatusCode.BadRequest, "request.invalid");
        Assert.Equal(HttpStatusCode.OK, (await support.GetAsync("/api/v1/staff/payments/reconciliations?limit=1000")).StatusCode);
    }
}
