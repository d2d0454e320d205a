using System.Net;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Testing;
using Microsoft.AspNetCore.Hosting;

namespace ImageCollection.Api.Tests.StaffConsole;

/// <summary>The API serves the built console under /console: cache headers, its own routes, nothing else; unbuilt, a problem.</summary>
public sealed class ConsoleHostingTests(ConsoleHostingTests.Factory api) : IClassFixture<ConsoleHostingTests.Factory>
{
    public sealed class Factory : ApiFactory
    {
        public string Dist { get; } = TestFolder.Create();

        public Factory()
        {
            Directory.CreateDirectory(Path.Combine(Dist, "assets"));
            File.WriteAllText(Path.Combine(Dist, "index.html"), "<!doctype html><title>console</title>");
            File.WriteAllText(Path.Combine(Dist, "assets", "index-AbC123.js"), "console.log(1)");
            Settings["Console:Path"] = Dist;
        }
    }

    [Fact]
    public async Task Hashed_assets_are_immutable_and_the_page_is_revalidated()
    {
        using var client = api.CreateClient();
        var asset = await client.GetAsync("/console/assets/index-AbC123.js");
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
        var page = await client.GetAsync("/console/");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("no-cache", page.Headers.CacheControl?.ToString());
        Assert.Contains("<title>console</title>", await page.Content.ReadAsStringAsync());
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task The_consoles_own_routes_get_its_page_but_missing_files_and_other_paths_do_not()
    {
        using var client = api.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var route = await client.GetAsync("/console/review");
        Assert.Equal(HttpStatusCode.OK, route.StatusCode);
        Assert.Equal("text/html", route.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", route.Headers.CacheControl?.ToString());
        await (await client.GetAsync("/console/assets/gone-123.js")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/console")).StatusCode);
        // The fallback is the console's only: elsewhere an unknown path stays a 404 problem.
        await (await client.GetAsync("/review")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await client.PostAsync("/console/review", null)).AssertProblemAsync(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
    }

    [Fact]
    public async Task Without_a_built_console_the_API_starts_and_console_paths_answer_a_problem()
    {
        var empty = TestFolder.Create();
        await using var unbuilt = api.WithWebHostBuilder(b => b.UseSetting("Console:Path", empty));
        using var client = unbuilt.CreateClient();
        await (await client.GetAsync("/console/")).AssertProblemAsync(HttpStatusCode.NotFound, "console.not_built");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }
}
