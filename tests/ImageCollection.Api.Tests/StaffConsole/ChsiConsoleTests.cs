using System.IO.Compression;
using System.Text;
using ImageCollection.Api.Tests.Delivery;
using ImageCollection.Core.Domain;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class ChsiConsoleTests(ConsoleFixture api)
{
    private static FilePayload Csv(string rows) =>
        new() { Name = "chsi-results.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("考生号,结果,原因\r\n" + rows) };

    [Fact]
    public async Task Support_build_a_chsi_package_download_it_and_import_a_result_list_its_row_errors_first()
    {
        var (batch, batchId, schoolCode) = await api.SchoolBatchAsync();
        var chsiId = "2027" + Random.Shared.Next(10000000, 99999999);
        var photoId = await api.ApprovedAsync(await api.StudentAsync(batch, "20235001", DeliveryApiFactory.CollectionCode(schoolCode, chsiId)));
        var page = await api.LoggedInAsync([StaffRoles.Support], next: $"/chsi?batchId={batchId}");

        await page.GetByRole(AriaRole.Button, new() { Name = "生成学信网照片包" }).ClickAsync();
        var packages = page.GetByTestId("chsi-packages");
        var download = packages.GetByRole(AriaRole.Button, new() { Name = "下载", Exact = true });
        await Expect(download).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(packages.GetByRole(AriaRole.Button, new() { Name = "标记已上传学信网" })).ToBeVisibleAsync();
        var file = await page.RunAndWaitForDownloadAsync(() => download.ClickAsync());
        var saved = Path.Combine(ConsoleFixture.Screenshots, "chsi-package.zip");
        await file.SaveAsAsync(saved);
        using (var zip = ZipFile.OpenRead(saved))
            Assert.Contains(zip.Entries, e => e.FullName.EndsWith($"{chsiId}.jpg", StringComparison.Ordinal));

        // A row naming a photo CHSI never got: the file is refused whole, its row listed.
        var input = page.GetByLabel("导入学信网结果（CSV/xlsx：考生号, 结果, 原因）");
        await input.SetInputFilesAsync(Csv($"{chsiId},成功,\r\nX123,成功,\r\n"));
        await Expect(page.GetByTestId("row-errors")).ToContainTextAsync("X123");
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "chsi_results.invalid" })).ToBeVisibleAsync();
        Assert.Equal(DeliveryStatus.Queued, (await api.PhotoAsync(photoId)).Delivery);
        await ConsoleFixture.ScreenshotAsync(page, "chsi-result-errors");

        await input.SetInputFilesAsync(Csv($"{chsiId},成功,\r\n"));
        await Expect(page.GetByTestId("chsi-summary")).ToContainTextAsync("结果已导入：1 行，交付 1");
        await Expect(page.GetByTestId("row-errors")).ToHaveCountAsync(0);
        Assert.Equal(DeliveryStatus.Delivered, (await api.PhotoAsync(photoId)).Delivery);
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "chsi");

        // The next package, uploaded through the CHSI client without a result list: marked delivered by hand.
        var next = await api.ApprovedAsync(await api.StudentAsync(batch, "20235002", DeliveryApiFactory.CollectionCode(schoolCode, chsiId + "2")));
        await page.GetByRole(AriaRole.Button, new() { Name = "生成学信网照片包" }).ClickAsync();
        await Expect(packages.GetByRole(AriaRole.Button, new() { Name = "下载", Exact = true })).ToHaveCountAsync(2, new() { Timeout = 60_000 });
        await packages.GetByRole(AriaRole.Row).Nth(1).GetByRole(AriaRole.Button, new() { Name = "标记已上传学信网" }).ClickAsync(); // newest first
        await page.GetByRole(AriaRole.Dialog, new() { Name = "标记已上传学信网" }).GetByRole(AriaRole.Button, new() { Name = "确定" }).ClickAsync();
        await Expect(page.GetByText("已标记交付：照片数 1")).ToBeVisibleAsync();
        Assert.Equal(DeliveryStatus.Delivered, (await api.PhotoAsync(next)).Delivery);
    }
}
