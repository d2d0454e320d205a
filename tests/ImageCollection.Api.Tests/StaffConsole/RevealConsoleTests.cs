using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class RevealConsoleTests(ConsoleFixture api)
{
    [Fact]
    public async Task Support_reveal_an_enrollments_masked_personal_data_and_the_reveal_is_audited()
    {
        var (batch, _, _) = await api.SchoolBatchAsync();
        var number = "2023" + Random.Shared.Next(1000000, 9999999);
        var s = await api.StudentAsync(batch, number);
        var orderId = await api.WithDbAsync(db => db.Orders.Where(o => o.EnrollmentId == s.EnrollmentId).Select(o => o.Id).SingleAsync());
        var page = await api.LoggedInAsync([StaffRoles.Support], next: $"/orders/{orderId}");

        var reveal = page.GetByRole(AriaRole.Button, new() { Name = "查看完整个人信息" });
        await Expect(reveal).ToBeVisibleAsync();
        await Expect(page.GetByText(number)).ToHaveCountAsync(0); // masked until revealed
        Assert.Equal(0, await Viewed(s.EnrollmentId));

        await reveal.ClickAsync();
        var revealed = page.GetByTestId("revealed");
        await Expect(revealed).ToContainTextAsync(number);
        await Expect(revealed).ToContainTextAsync("139");
        Assert.Equal(1, await Viewed(s.EnrollmentId));
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "support-reveal");

        await page.GetByRole(AriaRole.Button, new() { Name = "隐藏" }).ClickAsync();
        await Expect(page.GetByText(number)).ToHaveCountAsync(0);
    }

    private Task<int> Viewed(Guid enrollmentId) => api.WithDbAsync(db =>
        db.AuditEntries.CountAsync(a => a.Action == "enrollment.personal_data_viewed" && a.EntityId == enrollmentId));
}
