using ImageCollection.Core.Domain;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class RoleAccessTests(ConsoleFixture api)
{
    [Fact]
    public async Task A_reviewers_menu_hides_other_roles_pages_and_their_direct_url_is_refused()
    {
        var page = await api.LoggedInAsync([StaffRoles.Reviewer]);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "主菜单" });
        await Expect(menu.GetByRole(AriaRole.Link, new() { Name = "照片审核" })).ToBeVisibleAsync();
        foreach (var other in new[] { "订单查询", "采集进度", "拍摄工位", "批次", "工作人员" })
            await Expect(menu.GetByRole(AriaRole.Link, new() { Name = other, Exact = true })).ToHaveCountAsync(0);

        await page.GotoAsync("/console/orders");
        await Expect(page.GetByText("无权访问此页面")).ToBeVisibleAsync();
        await ConsoleFixture.ScreenshotAsync(page, "refused");
        await page.GotoAsync("/console/admin/users");
        await Expect(page.GetByText("无权访问此页面")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task A_wrong_password_shows_the_login_problem()
    {
        var context = await api.Browser.NewContextAsync(new() { BaseURL = api.ApiUrl });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/review");
        await page.WaitForURLAsync(url => url.Contains("/console/login"));
        await ConsoleFixture.AssertAccessibleAsync(page);
        await page.GetByLabel("用户名").FillAsync(await api.StaffAsync([StaffRoles.Reviewer]));
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync("not the password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong user name or password.");
        await ConsoleFixture.ScreenshotAsync(page, "login");
        await context.CloseAsync();
    }
}
