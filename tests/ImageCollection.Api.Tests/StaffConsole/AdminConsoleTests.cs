using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class AdminConsoleTests(ConsoleFixture api)
{
    [Fact]
    public async Task An_admin_creates_a_batch_for_a_school_and_sees_users_and_the_audit_log()
    {
        var name = "控制台大学" + Random.Shared.Next(1000, 9999);
        var school = await Seed.SchoolAsync(api.Support, name: name);
        var page = await api.LoggedInAsync([StaffRoles.Admin], next: "/admin/batches");

        await page.GetByRole(AriaRole.Button, new() { Name = "新建批次" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "新建批次" });
        await dialog.GetByRole(AriaRole.Combobox, new() { Name = "学校" }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = name }).ClickAsync();
        await ConsoleFixture.ScreenshotAsync(page, "admin-new-batch");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByTestId("batches")).ToContainTextAsync(name);
        var schoolId = school.GetProperty("id").GetGuid();
        Assert.True(await api.WithDbAsync(db => db.Batches.AnyAsync(b => b.SchoolId == schoolId)));
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "admin-batches");

        foreach (var (menu, shot) in new[] { ("学校", "admin-schools"), ("工作人员", "admin-users"), ("审计日志", "admin-audit") })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = menu, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = menu, Level = 1 })).ToBeVisibleAsync();
            await ConsoleFixture.AssertAccessibleAsync(page);
            await ConsoleFixture.ScreenshotAsync(page, shot);
        }
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "后台任务面板" })).ToHaveAttributeAsync("href", "/staff/hangfire");
    }
}
