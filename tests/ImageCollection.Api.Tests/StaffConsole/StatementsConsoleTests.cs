using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Identity;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace ImageCollection.Api.Tests.StaffConsole;

[Collection(ConsoleCollection.Name)]
public sealed class StatementsConsoleTests(ConsoleFixture api)
{
    [Fact]
    public async Task Support_record_a_schools_transfer_against_a_statement_line_and_school_staff_read_and_download_it()
    {
        var school = await Seed.SchoolAsync(api.Support, name: "结算大学" + Random.Shared.Next(1000, 9999));
        var schoolCode = school.GetProperty("code").GetString()!;
        var batch = await Seed.BatchAsync(api.Support, school.GetProperty("id").GetGuid(), type: "onsite", payer: "school", feeFen: 1500);
        var batchId = batch.GetProperty("id").GetGuid();
        await PhotographedAsync(batchId, schoolCode);
        var page = await api.LoggedInAsync([StaffRoles.Support], next: $"/statements?batchId={batchId}");

        await Expect(page.GetByTestId("statement-due")).ToHaveTextAsync("¥15.00");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记学校付款 数学与应用数学 数学2101" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "登记学校付款" });
        // A part payment with cents first (the number input's own step check once refused it), then the rest.
        await dialog.GetByLabel("金额（元）").FillAsync("5.50");
        await dialog.GetByLabel("金额（元）").PressAsync("Tab");
        await dialog.GetByLabel("凭证号").FillAsync("PART-" + batchId.ToString("N")[..8]);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByTestId("statement-due")).ToHaveTextAsync("¥9.50");
        await page.GetByRole(AriaRole.Button, new() { Name = "登记学校付款 数学与应用数学 数学2101" }).ClickAsync();
        await Expect(dialog.GetByLabel("金额（元）")).ToHaveValueAsync("9.50");
        await dialog.GetByLabel("凭证号").FillAsync("REST-" + batchId.ToString("N")[..8]);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "提交" }).ClickAsync();
        await Expect(page.GetByTestId("statement-due")).ToHaveTextAsync("¥0.00");
        var statement = await api.Support.GetFromJsonAsync<JsonElement>($"/api/v1/staff/batches/{batchId}/statement");
        Assert.Equal((1500L, 0L), (statement.GetProperty("paidFen").GetInt64(), statement.GetProperty("dueFen").GetInt64()));
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "support-statement");

        // The school's own view: the statement and the settlement to download, nothing to record.
        var school2 = await api.LoggedInAsync([StaffRoles.School], [schoolCode], $"/statements?batchId={batchId}");
        await Expect(school2.GetByTestId("statement-due")).ToHaveTextAsync("¥0.00");
        await Expect(school2.GetByRole(AriaRole.Button, new() { NameRegex = new("^登记学校付款") })).ToHaveCountAsync(0);
        var file = await school2.RunAndWaitForDownloadAsync(() =>
            school2.GetByRole(AriaRole.Button, new() { Name = "下载收支明细 CSV" }).ClickAsync());
        Assert.EndsWith(".csv", file.SuggestedFilename);
        await ConsoleFixture.AssertAccessibleAsync(school2);
        await ConsoleFixture.ScreenshotAsync(school2, "school-statement");
    }

    [Fact]
    public async Task Support_record_a_schools_payment_for_students_chosen_from_the_unpaid_ones()
    {
        var school = await Seed.SchoolAsync(api.Support, name: "选人付款大学" + Random.Shared.Next(1000, 9999));
        var batch = await Seed.BatchAsync(api.Support, school.GetProperty("id").GetGuid(), type: "onsite", payer: "school", feeFen: 1500);
        var batchId = batch.GetProperty("id").GetGuid();
        await PhotographedAsync(batchId, school.GetProperty("code").GetString()!);
        var page = await api.LoggedInAsync([StaffRoles.Support], next: $"/statements?batchId={batchId}");

        await page.GetByText("按学生", new() { Exact = true }).ClickAsync();
        var unpaid = page.GetByTestId("unpaid-enrollments");
        await Expect(unpaid.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("数学2101");
        await unpaid.GetByRole(AriaRole.Row).Nth(1).Locator(".el-checkbox").ClickAsync();
        await Expect(page.GetByText("已选学生：1")).ToBeVisibleAsync();
        var form = page.GetByRole(AriaRole.Region, new() { Name = "按班级/专业付款" });
        await form.GetByLabel("金额（元）").FillAsync("15");
        await form.GetByLabel("凭证号").FillAsync("PICK-" + batchId.ToString("N")[..8]);
        await ConsoleFixture.AssertAccessibleAsync(page);
        await ConsoleFixture.ScreenshotAsync(page, "support-pay-chosen-students");
        await form.GetByRole(AriaRole.Button, new() { Name = "登记按学生付款" }).ClickAsync();
        await Expect(page.GetByText("本批次没有未付款的学生")).ToBeVisibleAsync();
        var payments = await api.Support.GetFromJsonAsync<JsonElement>($"/api/v1/staff/batches/{batchId}/school-payments");
        Assert.Equal((1500L, 1), (payments[0].GetProperty("amountFen").GetInt64(), payments[0].GetProperty("enrollmentIds").GetArrayLength()));
    }

    /// <summary>A walk-up student shot at a session of the batch (billed to the school's statement), through the station's API.</summary>
    private async Task PhotographedAsync(Guid batchId, string schoolCode)
    {
        // Starts after the station test's session, which stays the first of the day.
        var session = await api.Support.PostAsJsonAsync($"/api/v1/staff/batches/{batchId}/sessions", new
        {
            location = "结算礼堂", startsAt = DateTimeOffset.Now.AddMinutes(-5), endsAt = DateTimeOffset.Now.AddHours(1), stations = 1,
        });
        var sessionId = (await session.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var photographer = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Photographer])).Token);
        var code = TestCollectionCodeVerifier.Encode(new ChsiFacts("chsi-" + Guid.NewGuid().ToString("N")[..8], "李*", "4401**********1234", schoolCode,
            2027, ChsiFacts.Registered));
        var scanned = await photographer.PostAsJsonAsync("/api/v1/staff/onsite/scan", new
        {
            sessionId, station = 1, collectionCode = code,
            walkUp = new { agreementVersion = "2026-09", idLast4 = "1234", major = "数学与应用数学", className = "数学2101" },
        });
        var shot = await scanned.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(scanned.IsSuccessStatusCode, shot.ToString());
        var content = new ByteArrayContent(api.GoodPhoto());
        content.Headers.ContentType = new("image/jpeg");
        var captured = await photographer.PostAsync($"/api/v1/staff/onsite/shots/{shot.GetProperty("shotId").GetGuid()}/photo", content);
        Assert.True(captured.IsSuccessStatusCode, await captured.Content.ReadAsStringAsync());
    }
}
