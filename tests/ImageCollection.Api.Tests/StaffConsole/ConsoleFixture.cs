using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using ImageCollection.Api.Tests.Delivery;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ImageCollection.Api.Tests.StaffConsole;

/// <summary>
/// The real stack (API on Kestrel serving the built console, worker, PostgreSQL, S3, emulator) and one Chromium for
/// every console test: Debian's package, launched by path (Playwright's own browsers are not downloadable here).
/// </summary>
public sealed class ConsoleFixture : DeliveryApiFactory
{
    public const string Chromium = "/usr/bin/chromium";
    public const string Password = "console test password";
    public static readonly string Dist = Path.Combine(RepoPaths.Root, "console", "dist");
    /// <summary>Screenshots of the main pages, kept with the test output (bin/ is git-ignored).</summary>
    public static readonly string Screenshots = Path.Combine(AppContext.BaseDirectory, "console-screenshots");

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public ConsoleFixture()
    {
        Settings["Console:Path"] = Dist;
        Settings["Auth:EnrollmentAttemptsPerMinute"] = "1000";
        // Slow enough that a bulk refund of a dozen is seen running, and paused, in the browser.
        Settings["Payments:BulkRefundPerSecond"] = "4";
        Settings["Stations:AgreementVersion"] = "2026-11"; // not the default: the walk-up test sees it come from the API
    }

    public override async Task InitializeAsync()
    {
        if (!File.Exists(Path.Combine(Dist, "index.html")))
            throw new InvalidOperationException($"The console is not built ({Dist}/index.html): run infra/test.sh, or cd console && npm ci && npm run build.");
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"{Chromium} is missing: apt-get install -y chromium (infra/test.sh installs it).");
        await base.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        // --no-sandbox: the tests run as root, where Chromium's sandbox refuses to start.
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>A staff account with these roles, made in the database as an admin would; its user name.</summary>
    public async Task<string> StaffAsync(string[] roles, string[]? schoolCodes = null)
    {
        var userName = "c" + Guid.NewGuid().ToString("N")[..10];
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var staff = new StaffUser(userName, "测试" + roles[0], roles, schoolCodes ?? [], DateTimeOffset.UtcNow);
        staff.SetPasswordHash(new PasswordHasher<StaffUser>().HashPassword(staff, Password));
        db.StaffUsers.Add(staff);
        await db.SaveChangesAsync();
        return userName;
    }

    /// <summary>A new browser context, logged in through the console's login page as a new staff member with these roles.</summary>
    public async Task<IPage> LoggedInAsync(string[] roles, string[]? schoolCodes = null, string next = "/")
    {
        var userName = await StaffAsync(roles, schoolCodes);
        var context = await Browser.NewContextAsync(new() { BaseURL = ApiUrl, Locale = "zh-CN", ViewportSize = new() { Width = 1400, Height = 900 },
            AcceptDownloads = true });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/console/login?next=" + Uri.EscapeDataString(next));
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        // The first logins of a full run come while every other test class starts its stack on the same two cores.
        await page.WaitForURLAsync(url => !url.Contains("/login"), new() { Timeout = 60_000 });
        return page;
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, name + ".png"), FullPage = true });

    /// <summary>axe on the page as it is: no serious or critical violation.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        // As a person sees it: the pointer off the buttons, and no toast or dialog halfway through its transition.
        await page.Mouse.MoveAsync(0, 0);
        // Toasts (3 s) gone first: one that starts fading while axe reads it fails the contrast rule at half opacity
        // (a full run failed so). Their colours were checked at rest when the console's theme was darkened.
        await Assertions.Expect(page.Locator(".el-message")).ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await page.WaitForFunctionAsync("() => document.getAnimations().every(a => a.playState !== 'running' "
            + "|| a.effect?.getComputedTiming().endTime === Infinity)");
        var result = await page.RunAxe();
        var bad = result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(bad.Count == 0, $"{page.Url}\n" + string.Join("\n", bad));
    }

    public override async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}
