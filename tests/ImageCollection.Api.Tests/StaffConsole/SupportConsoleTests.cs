using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class SupportConsoleTests(ConsoleFixture api)
{
    [Fact]
    public async Task Support_finds_an_order_by_its_number_and_refunds_it_in_full_with_a_reason()
    {
        var s = await api.PaidAsync();
        var order = await api.WithDbAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.EnrollmentId == s.EnrollmentId));
        var page = await api.LoggedInAsync([StaffRoles.Support], next: "/orders");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "查询" }).FillAsync(order.OutTradeNo);
        await page.GetByRole(AriaRole.Button, new() { Name = "查询" }).ClickAsync();
        await ConsoleFixture.ScreenshotAsync(page, "support-orders");
        await page.GetByRole(AriaRole.Link, new() { Name = order.OutTradeNo }).ClickAsync();
        await Expect(page.GetByTestId("order-status")).ToHaveTextAsync("已支付");
        await ConsoleFixture.AssertAccessibleAsync(page);

        await page.GetByLabel("退款原因").FillAsync("学生毕业前离校");
        await page.GetByRole(AriaRole.Button, new() { Name = "退款", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "学生毕业前离校" })).ToBeVisibleAsync();
        // Refunded in full: no refund form offering ¥0.00 any more.
        await Expect(page.GetByTestId("nothing-to-refund")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "退款", Exact = true })).ToHaveCountAsync(0);
        await ConsoleFixture.ScreenshotAsync(page, "support-order-refund");
        var refund = await api.WithDbAsync(db => db.Refunds.AsNoTracking().SingleAsync(r => r.OrderId == order.Id));
        Assert.Equal((1500L, "学生毕业前离校"), (refund.AmountFen, refund.Reason));
    }

    [Fact]
    public async Task An_API_error_is_shown_with_the_problems_title_and_code_not_a_blank_page()
    {
        var page = await api.LoggedInAsync([StaffRoles.Support], next: "/orders/" + Guid.NewGuid());
        var alert = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "not_found" });
        await Expect(alert).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Support_sees_payment_exceptions_and_can_run_a_reconciliation()
    {
        var page = await api.LoggedInAsync([StaffRoles.Support], next: "/payment-exceptions");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "支付异常" })).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "support-payment-exceptions");
        await page.GetByRole(AriaRole.Link, new() { Name = "对账" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "立即对账" }).ClickAsync();
        await Expect(page.GetByText("对账任务已提交")).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "support-reconciliation");
    }
}
