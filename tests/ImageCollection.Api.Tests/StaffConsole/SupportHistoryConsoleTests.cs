using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

/// <summary>Support's look back: an order's recorded history, reconciliation runs and their differences, resolving an exception.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class SupportHistoryConsoleTests(ConsoleFixture api)
{
    [Fact]
    public async Task Order_detail_shows_the_recorded_history_after_a_refund_with_who_why_and_when()
    {
        var s = await api.PaidAsync();
        var order = await api.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.EnrollmentId == s.EnrollmentId));
        var page = await api.LoggedInAsync([StaffRoles.Support], next: "/orders/" + order.Id);
        var history = page.GetByTestId("order-history");
        await Expect(history).ToContainTextAsync("订单 · 待支付 → 已支付");

        await page.GetByLabel("退款原因").FillAsync("重复报名退费");
        await page.GetByRole(AriaRole.Button, new() { Name = "退款", Exact = true }).ClickAsync();
        await Expect(history).ToContainTextAsync("退款 ¥15.00 · 已申请");
        await Expect(history).ToContainTextAsync("原因：重复报名退费 · 操作方：测试support");
        await ConsoleFixture.Eventually(async () => await api.WithDbAsync(db => db.Orders.AnyAsync(o => o.Id == order.Id && o.Status == OrderStatus.Refunded)),
            "refunded");
        await page.ReloadAsync();
        await Expect(history).ToContainTextAsync("→ 成功");
        await Expect(history).ToContainTextAsync("订单 · 已支付 → 已退款");
        await Expect(history).ToContainTextAsync("原因：退款成功 · 操作方：系统");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "support-order-history");
    }

    [Fact]
    public async Task Support_runs_a_reconciliation_sees_it_in_the_run_list_and_its_difference()
    {
        // We hold this order as paid yesterday; WeChat's bill does not know it.
        var s = await api.EnrolledAsync();
        var outTradeNo = "K" + Guid.NewGuid().ToString("N")[..24];
        await api.WithDbAsync(async db =>
        {
            var student = await db.Students.SingleAsync(x => x.Id == s.StudentId);
            var at = DateTimeOffset.UtcNow.AddDays(-1);
            var o = new Order(s.EnrollmentId, s.StudentId, outTradeNo, 1500, student.OpenId, at.AddMinutes(30), null, at);
            o.MarkPaid("4200000000000000000000088888", at, Actor.System, at);
            db.Orders.Add(o);
            return await db.SaveChangesAsync();
        });
        var page = await api.LoggedInAsync([StaffRoles.Support], next: "/reconciliation");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "对账记录" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "立即对账" }).ClickAsync();

        var differences = page.GetByTestId("reconciliation-differences");
        await Expect(page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^对账差异 · .* · 成功$") })).ToBeVisibleAsync(new() { Timeout = 40_000 });
        await Expect(differences.GetByRole(AriaRole.Row).Filter(new() { HasText = outTradeNo })).ToContainTextAsync("微信无此单");
        await Expect(page.GetByTestId("reconciliation-runs").GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("成功");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "support-reconciliation-runs");

        // The difference leads to its order.
        await differences.GetByRole(AriaRole.Link, new() { Name = outTradeNo }).ClickAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("已支付");
    }

    [Fact]
    public async Task Support_resolves_a_payment_exception_from_its_page_with_a_note()
    {
        var outTradeNo = "X" + Guid.NewGuid().ToString("N")[..24];
        var exception = new PaymentException(PaymentExceptionKind.Mismatch, "mismatch:" + outTradeNo, null, null, outTradeNo, null,
            "The amount WeChat reports does not match the order.", DateTimeOffset.UtcNow);
        await api.WithDbAsync(db =>
        {
            db.PaymentExceptions.Add(exception);
            return db.SaveChangesAsync();
        });
        var page = await api.LoggedInAsync([StaffRoles.Support], next: "/payment-exceptions");
        var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = outTradeNo });
        await Expect(row).ToContainTextAsync("金额不符");
        await ConsoleFixture.AssertAccessibleAsync(page);

        await row.GetByRole(AriaRole.Button, new() { Name = "标记已处理" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Textbox).FillAsync("已与微信支付核对，金额无误");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Expect(page.GetByText("已标记为处理完成")).ToBeVisibleAsync();
        await Expect(row).ToHaveCountAsync(0);

        await page.GetByText("已处理", new() { Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = outTradeNo })).ToContainTextAsync("已与微信支付核对，金额无误");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "support-payment-exception-resolved");
        var resolved = await api.WithDbAsync(db => db.PaymentExceptions.AsNoTracking().SingleAsync(e => e.Id == exception.Id));
        Assert.Equal((PaymentExceptionStatus.Resolved, "已与微信支付核对，金额无误"), (resolved.Status, resolved.Resolution));
        Assert.NotNull(resolved.ResolvedBy);
    }
}
