using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImageCollection.Core.WechatPay;

namespace ImageCollection.WechatEmulator.Tests;

/// <summary>Our WeChat Pay client against the emulator over loopback: every operation, tampering, retries.</summary>
public sealed class ClientAgainstEmulatorTests(EmulatorFixture wx) : IClassFixture<EmulatorFixture>
{
    private sealed record Logged(string Method, string Target, string Body, int Status, bool SignatureValid);

    private async Task<List<Logged>> Requests(string pathPrefix) =>
        (await wx.Control.GetFromJsonAsync<List<Logged>>($"/control/requests?pathPrefix={Uri.EscapeDataString(pathPrefix)}", JsonSerializerOptions.Web))!;

    [Fact]
    public async Task Prepay_gives_a_prepay_id_and_pay_parameters_signed_with_the_merchant_key()
    {
        var prepayId = await wx.Client.PrepayAsync(wx.Order(EmulatorFixture.NewNo("P")), CancellationToken.None);
        var p = wx.Client.PayParameters(prepayId);

        Assert.StartsWith("wx", prepayId);
        Assert.Equal("prepay_id=" + prepayId, p.Package);
        Assert.Equal("RSA", p.SignType);
        Assert.Equal(10, p.TimeStamp.Length);
        var message = Encoding.UTF8.GetBytes($"{EmulatorFixture.AppId}\n{p.TimeStamp}\n{p.NonceStr}\n{p.Package}\n");
        Assert.True(wx.MerchantKey.VerifyData(message, Convert.FromBase64String(p.PaySign), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public async Task Query_follows_the_order_from_unpaid_to_paid()
    {
        var no = EmulatorFixture.NewNo("Q");
        await wx.Client.PrepayAsync(wx.Order(no), CancellationToken.None);
        Assert.Equal("NOTPAY", (await wx.Client.QueryAsync(no, CancellationToken.None))!.TradeState);

        await wx.PayAsync(no);
        var paid = await wx.Client.QueryAsync(no, CancellationToken.None);
        Assert.True(paid!.WasPaid);
        Assert.Equal(1500, paid.Amount!.Total);
        Assert.StartsWith("4200", paid.TransactionId);
        Assert.NotNull(paid.SuccessAt);
        Assert.Null(await wx.Client.QueryAsync(EmulatorFixture.NewNo("Unknown"), CancellationToken.None));
    }

    [Fact]
    public async Task Close_answers_204_and_the_order_cannot_be_prepaid_again()
    {
        var no = EmulatorFixture.NewNo("C");
        await wx.Client.PrepayAsync(wx.Order(no), CancellationToken.None);
        await wx.Client.CloseAsync(no, CancellationToken.None);

        Assert.Equal("CLOSED", (await wx.Client.QueryAsync(no, CancellationToken.None))!.TradeState);
        var again = await Assert.ThrowsAsync<WechatPayApiException>(() => wx.Client.PrepayAsync(wx.Order(no), CancellationToken.None));
        Assert.Equal(("OUT_TRADE_NO_USED", RetrySafety.Never), (again.Code, again.Retry));
    }

    [Fact]
    public async Task Refunds_are_accepted_queried_and_never_beyond_the_paid_amount()
    {
        var no = EmulatorFixture.NewNo("R");
        await wx.Client.PrepayAsync(wx.Order(no), CancellationToken.None);
        await wx.PayAsync(no);
        var refundNo = EmulatorFixture.NewNo("RF");

        var accepted = await wx.Client.RefundAsync(new CreateRefundRequest(no, refundNo, "未参加采集", null, new RefundAmountRequest(1000, 1500)),
            CancellationToken.None);
        Assert.Equal(refundNo, accepted.OutRefundNo);
        Assert.Equal(WechatRefund.Processing, accepted.State);
        // The same out_refund_no is the same refund, however often it is sent.
        var repeat = await wx.Client.RefundAsync(new CreateRefundRequest(no, refundNo, "未参加采集", null, new RefundAmountRequest(1000, 1500)),
            CancellationToken.None);
        Assert.Equal(accepted.RefundId, repeat.RefundId);

        var over = await Assert.ThrowsAsync<WechatPayApiException>(() => wx.Client.RefundAsync(
            new CreateRefundRequest(no, EmulatorFixture.NewNo("RF"), null, null, new RefundAmountRequest(501, 1500)), CancellationToken.None));
        Assert.Equal(("INVALID_REQUEST", RetrySafety.Never), (over.Code, over.Retry));

        WechatRefund? settled = null;
        for (var i = 0; i < 50 && settled?.State != WechatRefund.Success; i++)
        {
            await Task.Delay(100);
            settled = await wx.Client.QueryRefundAsync(refundNo, CancellationToken.None);
        }
        Assert.Equal(WechatRefund.Success, settled!.State);
        Assert.Equal(1000, settled.Amount!.Refund);
    }

    [Fact]
    public async Task Not_enough_balance_is_a_403_that_is_not_retried()
    {
        var no = EmulatorFixture.NewNo("N");
        await wx.Client.PrepayAsync(wx.Order(no), CancellationToken.None);
        await wx.PayAsync(no);
        await wx.Control.PutAsJsonAsync("/control/settings", new { notEnough = true });
        try
        {
            var e = await Assert.ThrowsAsync<WechatPayApiException>(() => wx.Client.RefundAsync(
                new CreateRefundRequest(no, EmulatorFixture.NewNo("RF"), null, null, new RefundAmountRequest(1500, 1500)), CancellationToken.None));
            Assert.Equal((HttpStatusCode.Forbidden, WechatPayApiException.NotEnough), (e.Status, e.Code));
        }
        finally
        {
            await wx.Control.PutAsJsonAsync("/control/settings", new { notEnough = false });
        }
    }

    [Fact]
    public async Task The_trade_bill_of_yesterday_lists_a_recorded_payment_in_fen()
    {
        var no = EmulatorFixture.NewNo("B");
        var yesterday = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8)).AddDays(-1);
        (await wx.Control.PostAsJsonAsync("/control/payments", new { outTradeNo = no, total = 1999, openId = "oBillUser",
            successTime = yesterday })).EnsureSuccessStatusCode();

        var bill = await wx.Client.TradeBillAsync(DateOnly.FromDateTime(yesterday.DateTime), CancellationToken.None);
        var row = Assert.Single(bill.Rows, r => r.OutTradeNo == no);
        Assert.Equal(("SUCCESS", 1999L, 1999L), (row.TradeState, row.SettlementFen, row.OrderFen));
        Assert.Equal(yesterday.ToUnixTimeSeconds(), row.Time.ToUnixTimeSeconds());
        Assert.True(bill.Summary["总交易单数"] >= 1);
    }

    [Fact]
    public async Task A_tampered_response_is_rejected_by_the_client()
    {
        var no = EmulatorFixture.NewNo("T");
        await wx.Client.PrepayAsync(wx.Order(no), CancellationToken.None);
        (await wx.Control.PostAsJsonAsync("/control/faults", new { pathPrefix = $"/v3/pay/transactions/out-trade-no/{no}", method = "GET",
            tamperResponse = true })).EnsureSuccessStatusCode();

        await Assert.ThrowsAsync<WechatPaySignatureException>(() => wx.Client.QueryAsync(no, CancellationToken.None));
        Assert.Equal("NOTPAY", (await wx.Client.QueryAsync(no, CancellationToken.None))!.TradeState); // the next answer is genuine
    }

    [Fact]
    public async Task Retries_resend_the_same_out_trade_no_freshly_signed()
    {
        var no = EmulatorFixture.NewNo("X");
        (await wx.Control.PostAsJsonAsync("/control/faults", new { pathPrefix = "/v3/pay/transactions/jsapi", status = 500,
            times = 2 })).EnsureSuccessStatusCode();
        await wx.Client.PrepayAsync(wx.Order(no), CancellationToken.None);

        var attempts = (await Requests("/v3/pay/transactions/jsapi")).Where(r => r.Body.Contains(no)).ToList();
        Assert.Equal([500, 500, 200], attempts.Select(a => a.Status));
        Assert.All(attempts, a => Assert.True(a.SignatureValid));
        Assert.Single(attempts.Select(a => a.Body).Distinct());
    }

    [Fact]
    public async Task Refund_retries_reuse_the_out_refund_no_and_a_rate_limit_asks_to_query_first()
    {
        var no = EmulatorFixture.NewNo("Y");
        await wx.Client.PrepayAsync(wx.Order(no), CancellationToken.None);
        await wx.PayAsync(no);
        var refundNo = EmulatorFixture.NewNo("RF");
        (await wx.Control.PostAsJsonAsync("/control/faults", new { pathPrefix = "/v3/refund/domestic/refunds", method = "POST",
            status = 500 })).EnsureSuccessStatusCode();
        await wx.Client.RefundAsync(new CreateRefundRequest(no, refundNo, null, null, new RefundAmountRequest(500, 1500)), CancellationToken.None);
        var sent = (await Requests("/v3/refund/domestic/refunds")).Where(r => r.Body.Contains(refundNo)).ToList();
        Assert.Equal([500, 200], sent.Select(s => s.Status));

        var limitedNo = EmulatorFixture.NewNo("RF");
        (await wx.Control.PostAsJsonAsync("/control/faults", new { pathPrefix = "/v3/refund/domestic/refunds", method = "POST",
            status = 429 })).EnsureSuccessStatusCode();
        var limited = await Assert.ThrowsAsync<WechatPayApiException>(() =>
            wx.Client.RefundAsync(new CreateRefundRequest(no, limitedNo, null, null, new RefundAmountRequest(500, 1500)), CancellationToken.None));
        Assert.Equal(RetrySafety.QueryFirst, limited.Retry);
        Assert.Single(await Requests("/v3/refund/domestic/refunds"), r => r.Body.Contains(limitedNo));
    }
}
