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

    [Fact]
    public async Task Support_pause_a_running_bulk_refund_and_resume_it_to_completion_each_refunded_once()
    {
        var (batch, batchId, _) = await api.SchoolBatchAsync();
        using (var gate = new SemaphoreSlim(4))
            await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
            {
                await gate.WaitAsync();
                try { await api.StudentAsync(batch, $"2026{Random.Shared.Next(100000, 999999)}"); }
                finally { gate.Release(); }
            }));
        Assert.True((await api.Support.PostAsync($"/api/v1/staff/batches/{batchId}/close", null)).IsSuccessStatusCode);
        var page = await api.LoggedInAsync([StaffRoles.Support], next: $"/bulk-refunds?batchId={batchId}");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "退款原因" }).FillAsync("统一退费：采集取消");
        await page.GetByRole(AriaRole.Button, new() { Name = "预览" }).ClickAsync();
        await Expect(page.GetByText("人数：12")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "开始退款" }).ClickAsync();
        // Sent at Payments:BulkRefundPerSecond (4 in the console's stack): running for a few seconds.
        await page.GetByRole(AriaRole.Button, new() { Name = "暂停" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "进度 · 已暂停" })).ToBeVisibleAsync();
        await Expect(page.GetByText("暂停原因")).ToBeVisibleAsync();
        var jobs = page.GetByTestId("bulk-refund-jobs");
        await Expect(jobs.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("已暂停");
        await Expect(jobs.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("客服已暂停"); // the API's reason, in Chinese
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "暂停", Exact = true })).ToHaveCountAsync(0);
        var job = await api.WithDbAsync(db => db.BulkRefundJobs.AsNoTracking().SingleAsync(j => j.BatchId == batchId));
        Assert.Equal(BulkJobStatus.Paused, job.Status);
        await Task.Delay(1500); // nothing more goes while paused
        var sent = await api.WithDbAsync(db => db.Refunds.CountAsync(r => r.BulkJobId == job.Id && r.Attempts > 0));
        Assert.InRange(sent, 1, 11);
        await Task.Delay(1500);
        Assert.Equal(sent, await api.WithDbAsync(db => db.Refunds.CountAsync(r => r.BulkJobId == job.Id && r.Attempts > 0)));
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "bulk-refund-paused");

        await page.GetByRole(AriaRole.Button, new() { Name = "继续" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "进度 · 已完成" })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(jobs.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("已完成");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "bulk-refund-resumed");
        var refunds = await api.WithDbAsync(db => db.Refunds.AsNoTracking().Where(r => r.BulkJobId == job.Id).ToListAsync());
        Assert.Equal(12, refunds.Count);
        Assert.Equal(12, refunds.Select(r => r.OrderId).Distinct().Count());
        Assert.All(refunds, r => Assert.Equal(RefundStatus.Succeeded, r.Status));
    }
}
