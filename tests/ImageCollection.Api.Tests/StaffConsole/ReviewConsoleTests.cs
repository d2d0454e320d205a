using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class ReviewConsoleTests(ConsoleFixture api)
{
    [Fact]
    public async Task A_reviewer_approves_one_photo_and_rejects_the_next_with_a_reason_by_keyboard()
    {
        var (batch, _, _) = await api.SchoolBatchAsync();
        var first = await api.InReviewAsync(await api.StudentAsync(batch, "2023" + Random.Shared.Next(100000, 999999)));
        var second = await api.InReviewAsync(await api.StudentAsync(batch, "2023" + Random.Shared.Next(100000, 999999)));
        var featureCode = batch.GetProperty("featureCode").GetString()!;
        // The report keeps where the checks looked: the face box and the background sample areas, drawn over the photo.
        var geometry = (await api.Support.GetFromJsonAsync<JsonElement>($"/api/v1/staff/photos/{first}")).GetProperty("geometry");
        Assert.InRange(geometry.GetProperty("face").GetProperty("width").GetInt32(), 100, 400);
        Assert.NotEmpty(geometry.GetProperty("background").EnumerateArray());
        var page = await api.LoggedInAsync([StaffRoles.Reviewer], next: "/review?featureCode=" + featureCode);

        await Expect(page.GetByTestId("review-photo")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("queue-left")).ToHaveTextAsync("2");
        await Expect(page.GetByTestId("face-box")).ToHaveAttributeAsync("data-estimated", "false");
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "review");
        // The README's picture of the review page (docs/console-review.jpg is a copy of it).
        await page.ScreenshotAsync(new() { Path = Path.Combine(ConsoleFixture.Screenshots, "review.jpg"), Type = ScreenshotType.Jpeg, Quality = 60 });
        await page.Keyboard.PressAsync("a");
        await Expect(page.GetByTestId("queue-left")).ToHaveTextAsync("1");
        await page.Keyboard.PressAsync("1");
        await page.Keyboard.PressAsync("r");
        await Expect(page.GetByText("队列已清空")).ToBeVisibleAsync();

        var photos = await api.WithDbAsync(db => db.Photos.AsNoTracking().Where(p => p.Id == first || p.Id == second).ToListAsync());
        Assert.Equal(PhotoStatus.Approved, photos.Single(p => p.Id == first).Status);
        Assert.Equal(PhotoStatus.Rejected, photos.Single(p => p.Id == second).Status);
    }

    [Fact]
    public async Task A_reviewer_filters_the_queue_by_school_then_batch_from_lists_the_api_gives_reviewers()
    {
        var name = "审核筛选大学" + Random.Shared.Next(1000, 9999);
        var school = await Infrastructure.Seed.SchoolAsync(api.Support, name: name);
        var first = await Infrastructure.Seed.BatchAsync(api.Support, school.GetProperty("id").GetGuid());
        var second = await Infrastructure.Seed.BatchAsync(api.Support, school.GetProperty("id").GetGuid());
        await api.InReviewAsync(await api.StudentAsync(first, "2029" + Random.Shared.Next(100000, 999999)));
        for (var i = 0; i < 2; i++) await api.InReviewAsync(await api.StudentAsync(second, "2029" + Random.Shared.Next(100000, 999999)));
        var firstCode = first.GetProperty("featureCode").GetString()!;
        var page = await api.LoggedInAsync([StaffRoles.Reviewer], next: "/review");
        await Expect(page.GetByTestId("review-photo")).ToBeVisibleAsync();

        // Force: the select's placeholder lies over its input and takes the pointer.
        await page.GetByRole(AriaRole.Combobox, new() { Name = "学校" }).ClickAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Option, new() { Name = name }).ClickAsync();
        await Expect(page.GetByTestId("queue-left")).ToHaveTextAsync("3");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "批次" }).ClickAsync(new() { Force = true });
        await page.GetByRole(AriaRole.Option, new() { Name = $"{name} · {firstCode}（1）" }).ClickAsync();
        await Expect(page.GetByTestId("queue-left")).ToHaveTextAsync("1");
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = firstCode })).ToBeVisibleAsync();
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "review-filtered");
    }
}
