using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class BatchEditConsoleTests(ConsoleFixture api)
{
    [Fact]
    public async Task An_admin_edits_a_walk_in_batchs_terms_gives_it_a_studio_and_notice_then_adds_and_changes_a_session()
    {
        var school = await Seed.SchoolAsync(api.Support, name: "编辑大学" + Random.Shared.Next(1000, 9999));
        var batch = await Seed.BatchAsync(api.Support, school.GetProperty("id").GetGuid(), type: "walk_in");
        var (batchId, featureCode) = (batch.GetProperty("id").GetGuid(), batch.GetProperty("featureCode").GetString()!);
        var page = await api.LoggedInAsync([StaffRoles.Admin], next: "/admin/batches");

        await page.GetByRole(AriaRole.Button, new() { Name = $"编辑 {featureCode}", Exact = true }).ClickAsync();
        var drawer = page.GetByRole(AriaRole.Dialog).Filter(new() { HasText = "批次条款" });
        await Expect(drawer.GetByRole(AriaRole.Heading, new() { Name = "批次条款 · 到店" })).ToBeVisibleAsync();
        // No studio yet: a walk-in batch has no sessions until it is held at one.
        await Expect(drawer.GetByText("只有现场批次，或在门店拍摄的到店/补拍批次有拍摄场次")).ToBeVisibleAsync();

        await drawer.GetByLabel("费用（元）").FillAsync("25");
        await drawer.GetByLabel("费用（元）").PressAsync("Tab");
        await drawer.GetByLabel("上传次数上限").FillAsync("5");
        await drawer.GetByLabel("上传次数上限").PressAsync("Tab");
        await drawer.GetByText("白色", new() { Exact = true }).ClickAsync();
        await drawer.GetByText("在门店拍摄", new() { Exact = true }).ClickAsync();
        await drawer.GetByLabel("门店地址").FillAsync("广州市天河区五山路381号");
        await drawer.GetByLabel("营业时间").FillAsync("周一至周五 9:00-17:00");
        await drawer.GetByLabel("着装要求").FillAsync("深色上衣，不戴眼镜");
        await drawer.GetByRole(AriaRole.Button, new() { Name = "保存条款" }).ClickAsync();
        await Expect(page.GetByText("批次条款已保存")).ToBeVisibleAsync();

        var saved = await api.Support.GetFromJsonAsync<JsonElement>($"/api/v1/staff/batches/{batchId}");
        Assert.Equal((2500L, 5), (saved.GetProperty("feeFen").GetInt64(), saved.GetProperty("submissionLimit").GetInt32()));
        Assert.Equal(["light_blue", "white"], saved.GetProperty("allowedBackgrounds").EnumerateArray().Select(b => b.GetString()!).ToList());
        Assert.Equal("广州市天河区五山路381号", saved.GetProperty("studio").GetProperty("address").GetString());
        Assert.Equal("深色上衣，不戴眼镜", saved.GetProperty("notice").GetProperty("dress").GetString());

        // Held at a studio now: its opening days are sessions.
        await drawer.GetByLabel("地点").FillAsync("天河门店");
        await drawer.GetByLabel("班级/分组（逗号分隔）").FillAsync("数学2101，数学2102");
        await drawer.GetByRole(AriaRole.Button, new() { Name = "添加场次", Exact = true }).ClickAsync();
        await Expect(drawer.GetByTestId("sessions")).ToContainTextAsync("数学2101，数学2102");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "admin-batch-edit");

        await drawer.GetByRole(AriaRole.Button, new() { Name = "编辑 天河门店" }).ClickAsync();
        await drawer.GetByLabel("工位数").FillAsync("4");
        await drawer.GetByLabel("工位数").PressAsync("Tab");
        await drawer.GetByRole(AriaRole.Button, new() { Name = "修改场次", Exact = true }).ClickAsync();
        await Expect(drawer.GetByTestId("sessions").GetByRole(AriaRole.Row).Filter(new() { HasText = "天河门店" })).ToContainTextAsync("4");
        var session = await api.WithDbAsync(db => db.CollectionSessions.AsNoTracking().SingleAsync(s => s.BatchId == batchId));
        Assert.Equal(4, session.Stations);
        Assert.Equal(["数学2101", "数学2102"], session.Groups);
        Assert.True(await api.WithDbAsync(db => db.AuditEntries.AnyAsync(a => a.Action == "batch.terms_changed" && a.EntityId == batchId)));
    }
}
