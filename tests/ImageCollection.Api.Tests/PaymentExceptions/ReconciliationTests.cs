using System.Net;
using System.Net.Http.Json;
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

        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db => db.PaymentExceptions.AnyAsync(e => e.OutTradeNo == phantomNo)),
            "reconciled", 40);
        var applied = await api.WithDbAsync(db => db.Orders.SingleAsync(o => o.OutTradeNo == outTradeNo));
        Assert.Equal(OrderStatus.Paid, applied.Status);
        var exceptions = await api.WithDbAsync(db => db.PaymentExceptions.Where(e => e.OutTradeNo == outTradeNo || e.OutTradeNo == phantomNo).ToListAsync());
        Assert.Contains(exceptions, e => e.Kind == PaymentExceptionKind.MissedPayment && e.OutTradeNo == outTradeNo);
        Assert.Contains(exceptions, e => e.Kind == PaymentExceptionKind.UnknownToWechat && e.OutTradeNo == phantomNo);

        var resolved = await support.PostAsJsonAsync($"/api/v1/staff/payment-exceptions/{exceptions.First(e => e.OutTradeNo == phantomNo).Id}/resolve",
            new { resolution = "已与微信支付核对：测试数据" });
        Assert.Equal(HttpStatusCode.OK, resolved.StatusCode);
    }

    [Fact]
    public async Task Only_past_days_can_be_reconciled()
    {
        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).ToString("yyyy-MM-dd");
        await (await support.PostAsJsonAsync("/api/v1/staff/payments/reconciliations", new { billDate = today })).AssertValidationProblemAsync("billDate");
    }
}
