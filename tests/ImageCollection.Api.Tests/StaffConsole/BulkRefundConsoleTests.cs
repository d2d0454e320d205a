using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class BulkRefundConsoleTests(ConsoleFixture api)
{
    [Fact]
    public async Task School_staff_preview_a_bulk_refund_of_a_closed_batch_start_it_and_watch_it_complete()
    {
        var (batch, batchId, schoolCode) = await api.SchoolBatchAsync();
        for (var i = 0; i < 3; i++) await api.StudentAsync(batch, $"2025{Random.Shared.Next(100000, 999999)}");
        Assert.True((await api.Support.PostAsync($"/api/v1/staff/batches/{batchId}/close", null)).IsSuccessStatusCode);
        var page = await api.LoggedInAsync([StaffRoles.School], [schoolCode], "/bulk-refunds");

        var preview = page.GetByRole(AriaRole.Button, new() { Name = "预览" });
        await Expect(preview).ToBeEnabledAsync(); // once the school's batch is chosen
        await page.GetByRole(AriaRole.Textbox, new() { Name = "退款原因" }).FillAsync("统一退费：未参加采集");
        await preview.ClickAsync();
        await Expect(page.GetByText("人数：3")).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "开始退款" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "进度 · 已完成" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "bulk-refund");
        Assert.Equal(3, await api.WithDbAsync(db => db.Refunds.CountAsync(r => r.BulkJobId != null
            && db.Orders.Any(o => o.Id == r.OrderId && db.Enrollments.Any(e => e.Id == o.EnrollmentId && e.BatchId == batchId)))));
    }
}
