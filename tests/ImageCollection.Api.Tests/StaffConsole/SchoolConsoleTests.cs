using System.Text;
using ImageCollection.Core.Domain;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class SchoolConsoleTests(ConsoleFixture api)
{
    private static FilePayload Csv(string text) =>
        new() { Name = "roster.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("学号,姓名,院系,专业,班级\r\n" + text) };

    [Fact]
    public async Task School_staff_upload_a_roster_see_its_row_errors_and_progress_then_download_a_package()
    {
        var (batch, _, schoolCode) = await api.SchoolBatchAsync();
        await api.ApprovedAsync(await api.StudentAsync(batch, "20238001"));
        var page = await api.LoggedInAsync([StaffRoles.School], [schoolCode], "/roster");
        var file = page.GetByLabel("上传名单（CSV/xlsx）");
        await Expect(file).ToBeEnabledAsync(); // once the school's batch is chosen

        await file.SetInputFilesAsync(Csv("20238001,李四,计算机学院,软件工程,软工1班\r\n20238002,,计算机学院,软件工程,软工1班\r\n")); // no name
        await Expect(page.GetByTestId("row-errors")).ToContainTextAsync("缺少姓名。");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("roster.invalid");
        await ConsoleFixture.ScreenshotAsync(page, "school-roster-errors");
        const string rows = "20238001,李四,计算机学院,软件工程,软工1班\r\n20238002,王五,计算机学院,软件工程,软工1班\r\n";
        await file.SetInputFilesAsync(Csv(rows));
        await Expect(page.GetByTestId("roster-change")).ToContainTextAsync("名单已导入：2 行");
        await ConsoleFixture.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "采集进度" }).ClickAsync();
        await Expect(page.GetByTestId("progress-table")).ToContainTextAsync("软工1班");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "school-progress");
        await page.GetByRole(AriaRole.Link, new() { Name = "未完成名单" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "王" }).First).ToBeVisibleAsync(); // names are masked
        await ConsoleFixture.ScreenshotAsync(page, "school-missing");

        await page.GetByRole(AriaRole.Link, new() { Name = "导出照片包" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "生成照片包" }).ClickAsync();
        var download = page.GetByTestId("packages").GetByRole(AriaRole.Button, new() { Name = "下载" });
        await Expect(download).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "school-exports");
        var file2 = await page.RunAndWaitForDownloadAsync(() => download.ClickAsync());
        var saved = Path.Combine(ConsoleFixture.Screenshots, "school-package.zip");
        await file2.SaveAsAsync(saved);
        using var zip = System.IO.Compression.ZipFile.OpenRead(saved);
        Assert.NotEmpty(zip.Entries);
    }
}
