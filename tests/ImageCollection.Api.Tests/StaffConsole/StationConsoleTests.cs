using System.Net.Http.Json;
using ImageCollection.Core.Domain;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class StationConsoleTests(ConsoleFixture api)
{
    [Fact]
    public async Task A_photographer_scans_a_code_sees_the_shot_number_captures_and_gets_the_verdict_then_retakes()
    {
        var (batch, batchId, _) = await api.SchoolBatchAsync("onsite");
        var session = await api.Support.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/sessions", new
        {
            location = "体育馆", startsAt = DateTimeOffset.Now.AddMinutes(-30), endsAt = DateTimeOffset.Now.AddMinutes(30), stations = 2,
        });
        Assert.True(session.IsSuccessStatusCode, await session.Content.ReadAsStringAsync());
        var code = "CHSICODE" + Guid.NewGuid().ToString("N");
        await api.StudentAsync(batch, "20237001", code: code);
        var page = await api.LoggedInAsync([StaffRoles.Photographer], next: "/station");

        var scan = page.GetByRole(AriaRole.Textbox, new() { Name = "扫码（采集码或学号，回车确认）" });
        await Expect(scan).ToBeFocusedAsync();
        // A USB scanner types the code and Enter.
        await scan.PressSequentiallyAsync(code);
        await scan.PressAsync("Enter");
        await Expect(page.GetByTestId("shot-number")).ToHaveTextAsync("1");
        await page.GetByLabel("上传照片").SetInputFilesAsync(new FilePayload { Name = "shot.jpg", MimeType = "image/jpeg", Buffer = api.GoodPhoto() });
        await Expect(page.GetByTestId("verdict")).ToContainTextAsync("检测通过", new() { Timeout = 30_000 });
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "station");

        await page.GetByLabel("重拍").SetInputFilesAsync(new FilePayload { Name = "retake.jpg", MimeType = "image/jpeg", Buffer = api.GrayPhoto() });
        await Expect(page.GetByTestId("verdict")).ToContainTextAsync("检测未通过", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("shot-number")).ToHaveTextAsync("1");
    }
}
