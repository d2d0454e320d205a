using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Core.Domain;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class PrintsConsoleTests(ConsoleFixture api)
{
    [Fact]
    public async Task Support_set_a_batchs_print_terms_start_a_run_see_it_ready_and_hand_a_class_pack_to_the_school()
    {
        var (batch, batchId, _) = await api.SchoolBatchAsync();
        await api.ApprovedAsync(await api.StudentAsync(batch, $"2027{Random.Shared.Next(100000, 999999)}"));
        var page = await api.LoggedInAsync([StaffRoles.Support], next: $"/prints?batchId={batchId}");

        // The terms: 小2寸, 4 copies, the class in the caption, with the school, reprints at ¥5 (sent in fen).
        await Expect(page.GetByText("该批次尚未设置纸质照片")).ToBeVisibleAsync();
        await page.GetByText("小2寸（33×48 mm）", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("每人张数").FillAsync("4");
        await page.GetByLabel("照片下方文字").FillAsync("{class} {name}");
        await page.GetByText("随学校交付（按院系/班级打包）", new() { Exact = true }).ClickAsync();
        await page.GetByLabel("加洗单价（元/张，0 为不开放加洗）").FillAsync("5");
        await page.GetByLabel("加洗单价（元/张，0 为不开放加洗）").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存设置" }).ClickAsync();
        var offer = page.GetByTestId("print-offer");
        await Expect(offer).ToContainTextAsync("小2寸（33×48 mm）");
        await Expect(offer).ToContainTextAsync("每人张数 4");
        await Expect(offer).ToContainTextAsync("「{class} {name}」");
        await Expect(offer).ToContainTextAsync("¥5.00");

        // A run: what it planned, then its progress until the worker made it ready to download.
        await page.GetByRole(AriaRole.Button, new() { Name = "开始冲印" }).ClickAsync();
        await Expect(page.GetByTestId("print-run-started")).ToContainTextAsync("学生 1 · 张数（版） 1 · 包裹 1 · 无收件地址（等待下次冲印） 0");
        var run = page.GetByTestId("print-run");
        var handOver = run.GetByRole(AriaRole.Button, new() { NameRegex = new("^已交付学校 ") });
        await Expect(handOver).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(run.GetByRole(AriaRole.Button, new() { Name = "下载", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("parcels")).ToContainTextAsync("软工1班");
        await ConsoleFixture.AssertAccessibleAsync(page); // after the toasts (saved, started) are gone
        await ConsoleFixture.ScreenshotAsync(page, "prints");

        // The class pack handed to the school.
        await handOver.ClickAsync();
        await Expect(handOver).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("parcels")).ToContainTextAsync("已交付学校");
        var runs = await api.Support.GetFromJsonAsync<JsonElement>($"/api/v1/staff/batches/{batchId}/print-runs");
        var view = await api.Support.GetFromJsonAsync<JsonElement>($"/api/v1/staff/print-runs/{runs[0].GetProperty("id").GetGuid()}");
        Assert.Equal(1, view.GetProperty("handedOver").GetInt32());

        // Printed: the terms are locked (the same terms again would be no change), and the page says why.
        await page.GetByLabel("每人张数").FillAsync("6");
        await page.GetByLabel("每人张数").PressAsync("Tab");
        await page.GetByRole(AriaRole.Button, new() { Name = "保存设置" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "prints.locked" })).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
    }
}
