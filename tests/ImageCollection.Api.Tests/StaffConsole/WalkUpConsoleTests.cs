using System.Net.Http.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class WalkUpConsoleTests(ConsoleFixture api)
{
    [Fact]
    public async Task A_photographer_enrolls_a_walk_up_student_shows_the_stations_payment_qr_and_gets_the_shot_once_paid()
    {
        var school = await Seed.SchoolAsync(api.Support, name: "现场大学" + Random.Shared.Next(1000, 9999));
        var batch = await Seed.BatchAsync(api.Support, school.GetProperty("id").GetGuid(), type: "onsite", payer: "student", feeFen: 2000);
        var batchId = batch.GetProperty("id").GetGuid();
        var location = "礼堂" + Random.Shared.Next(1000, 9999);
        // Starts after the other station test's session, which stays the first of the day.
        var session = await api.Support.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/sessions", new
        {
            location, startsAt = DateTimeOffset.Now.AddMinutes(-5), endsAt = DateTimeOffset.Now.AddHours(1), stations = 2, groups = new[] { "数学2101" },
        });
        Assert.True(session.IsSuccessStatusCode, await session.Content.ReadAsStringAsync());
        var code = TestCollectionCodeVerifier.Encode(new ChsiFacts("chsi-" + Guid.NewGuid().ToString("N")[..8], "李*", "4401**********1234",
            school.GetProperty("code").GetString()!, 2027, ChsiFacts.Registered));
        var page = await api.LoggedInAsync([StaffRoles.Photographer], next: "/station");

        // The chosen session's label covers the select's input.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "拍摄场次" }).ClickAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Option).Filter(new() { HasText = location }).ClickAsync();
        var scan = page.GetByRole(AriaRole.Textbox, new() { Name = "扫码（采集码或学号，回车确认）" });
        await scan.FillAsync(code);
        await scan.PressAsync("Enter");

        // Not enrolled: the station asks for the student's agreement and ID tail, then enrolls from the code.
        var walkUp = page.GetByTestId("walk-up");
        await Expect(walkUp).ToContainTextAsync("该学生尚未报名");
        await Expect(walkUp.GetByTestId("walkup-agreement")).ToHaveTextAsync("2026-11"); // Stations:AgreementVersion, from the API
        await walkUp.GetByLabel("身份证号后 4 位").FillAsync("1234");
        await walkUp.GetByLabel("专业").FillAsync("数学与应用数学");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "station-walk-up");
        await walkUp.GetByRole(AriaRole.Button, new() { Name = "同意协议并报名" }).ClickAsync();

        // The student pays here: the QR encodes the Native order's code_url.
        var payment = page.GetByTestId("station-payment");
        await Expect(payment).ToContainTextAsync("¥20.00");
        var qr = page.GetByRole(AriaRole.Img, new() { Name = "微信支付二维码" });
        await Expect(qr).ToBeVisibleAsync();
        var order = await api.WithDbAsync(db => db.Orders.AsNoTracking()
            .SingleAsync(o => o.TradeType == TradeType.Native && db.Enrollments.Any(e => e.Id == o.EnrollmentId && e.BatchId == batchId)));
        Assert.StartsWith("weixin://wxpay/bizpayurl?pr=", order.CodeUrl);
        Assert.Equal(order.CodeUrl, QrCodeReader.TryRead(await qr.ScreenshotAsync()));
        await Expect(payment).ToContainTextAsync(order.OutTradeNo);
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "station-payment-qr");

        // Paid (the signed notification through the emulator): the station scans the student again and shows the shot.
        await api.PayAsync(order.OutTradeNo, new { openId = "oWalkUp" + Guid.NewGuid().ToString("N")[..20] });
        await Expect(page.GetByTestId("shot-number")).ToHaveTextAsync("1", new() { Timeout = 30_000 });
        await Expect(payment).ToHaveCountAsync(0);
        var enrollment = await api.WithDbAsync(db => db.Enrollments.AsNoTracking().SingleAsync(e => e.BatchId == batchId));
        Assert.Equal(("数学与应用数学", "数学2101", "2026-11"), (enrollment.Identity.Major, enrollment.Identity.ClassName, enrollment.Consent.AgreementVersion));
    }
}
