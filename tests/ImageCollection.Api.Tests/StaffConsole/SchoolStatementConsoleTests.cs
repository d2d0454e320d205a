using System.Net;
using System.Net.Http.Json;
using ImageCollection.Core.Domain;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class SchoolStatementConsoleTests(ConsoleFixture api)
{
    [Fact]
    public async Task School_staff_see_their_batchs_statement_with_a_recorded_payment_and_its_settlement_and_download_it()
    {
        var (batch, batchId, schoolCode) = await api.SchoolBatchAsync();
        for (var i = 0; i < 2; i++) await api.InReviewAsync(await api.StudentAsync(batch, $"2028{Random.Shared.Next(100000, 999999)}"));
        var reference = "ZZ-" + Random.Shared.Next(100000, 999999);
        var paid = await api.Support.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/statement/payments", new
        {
            amountFen = 1500, reference, department = "计算机学院", className = "软工1班",
        });
        Assert.Equal(HttpStatusCode.Created, paid.StatusCode);
        var page = await api.LoggedInAsync([StaffRoles.School], [schoolCode], $"/statements?batchId={batchId}");

        // The statement's line of the class (the payments table lists the class too, with the reference).
        var line = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "软工1班" }).Filter(new() { HasNotText = reference });
        await Expect(line).ToContainTextAsync("计算机学院");
        await Expect(line).ToContainTextAsync("¥30.00"); // two photographed at ¥15.00
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = reference })).ToContainTextAsync("¥15.00");
        await Expect(page.GetByText("已支付订单")).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "school-statement");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "下载结算单 xlsx" }).ClickAsync());
        Assert.Equal($"statement-{batch.GetProperty("featureCode").GetString()}.xlsx", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);
    }
}
