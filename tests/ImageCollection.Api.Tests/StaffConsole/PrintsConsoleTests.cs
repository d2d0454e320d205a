using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MiniExcelLibs;
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

    [Fact]
    public async Task Support_export_a_posted_runs_parcels_for_the_courier_and_import_tracking_numbers_row_errors_first()
    {
        var (batch, batchId, _) = await api.SchoolBatchAsync();
        var set = await api.Support.PutAsJsonAsync($"/api/v1/staff/batches/{batchId}/prints", new { layout = "two_inch", copies = 8, delivery = "post" });
        Assert.True(set.IsSuccessStatusCode, await set.Content.ReadAsStringAsync());
        var s = await api.StudentAsync(batch, $"2027{Random.Shared.Next(100000, 999999)}", pay: false);
        Assert.Equal(HttpStatusCode.OK, (await s.Student.PutAsJsonAsync($"/api/v1/enrollments/{s.EnrollmentId}/shipping", new
        {
            recipientName = "王小明", phone = "13912345678", province = "广东省", city = "广州市", district = "天河区", street = "五山路381号",
        })).StatusCode);
        var order = await PaymentsApiFactory.OrderAsync(s.Student, s.EnrollmentId);
        await api.PayAsync(order.GetProperty("outTradeNo").GetString()!);
        await PaymentsApiFactory.Eventually(async () => await api.WithDbAsync(db => db.Orders.AnyAsync(o => o.EnrollmentId == s.EnrollmentId
            && o.Status == OrderStatus.Paid)), "paid");
        await api.ApprovedAsync(s);
        var page = await api.LoggedInAsync([StaffRoles.Support], next: $"/prints?batchId={batchId}");

        await Expect(page.GetByTestId("print-offer")).ToContainTextAsync("邮寄至本人");
        await page.GetByRole(AriaRole.Button, new() { Name = "开始冲印" }).ClickAsync();
        var run = page.GetByTestId("print-run");
        var export = run.GetByRole(AriaRole.Button, new() { NameRegex = new("^导出快递下单表") });
        await Expect(export).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var parcels = page.GetByTestId("parcels");
        await Expect(parcels).ToContainTextAsync("139****5678"); // masked on the page
        var runs = await api.Support.GetFromJsonAsync<JsonElement>($"/api/v1/staff/batches/{batchId}/print-runs");
        var view = await api.Support.GetFromJsonAsync<JsonElement>($"/api/v1/staff/print-runs/{runs[0].GetProperty("id").GetGuid()}");
        var reference = view.GetProperty("parcelList")[0].GetProperty("reference").GetString()!;

        // The courier export: the full address, for the courier's bulk-order tool.
        var file = await page.RunAndWaitForDownloadAsync(() => export.ClickAsync());
        var saved = Path.Combine(ConsoleFixture.Screenshots, "courier.xlsx");
        await file.SaveAsAsync(saved);
        var rows = (await new MemoryStream(await File.ReadAllBytesAsync(saved)).QueryAsync(useHeaderRow: true)).Cast<IDictionary<string, object?>>().ToList();
        var row = Assert.Single(rows);
        Assert.Equal((reference, "13912345678", "五山路381号"), ((string)row["订单号"]!, Convert.ToString(row["联系电话"]), (string)row["详细地址"]!));

        // Tracking numbers: a file with an unknown reference is refused whole, its row listed; the right one ships the parcel.
        var input = page.GetByLabel("导入快递单号（CSV/xlsx：订单号, 快递公司, 快递单号）");
        await input.SetInputFilesAsync(Tracking($"{reference},顺丰速运,SF1234567890\r\nNOSUCH0001,顺丰速运,SF1234567891\r\n"));
        await Expect(page.GetByTestId("row-errors").GetByRole(AriaRole.Cell, new() { Name = "3", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "tracking.invalid" })).ToBeVisibleAsync();
        await Expect(parcels).ToContainTextAsync("已打包");
        await ConsoleFixture.ScreenshotAsync(page, "prints-tracking-errors");

        await input.SetInputFilesAsync(Tracking($"{reference},顺丰速运,SF1234567890\r\n"));
        await Expect(page.GetByTestId("tracking-summary")).ToContainTextAsync("已发货 1");
        await Expect(parcels).ToContainTextAsync("SF1234567890");
        await Expect(parcels).ToContainTextAsync("已发货");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "prints-posted");
    }

    private static FilePayload Tracking(string rows) =>
        new() { Name = "tracking.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("订单号,快递公司,快递单号\r\n" + rows) };
}
