using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.FileProviders;

namespace ImageCollection.Api.Hosting;

/// <summary>Section <c>Console</c>: where the built staff console (<c>console/dist</c>) is.</summary>
public sealed class StaffConsoleOptions
{
    public const string Section = "Console";

    /// <summary>The folder with the console's <c>index.html</c>; default <c>console/</c> beside the API's binaries.</summary>
    public string? Path { get; set; }
}

/// <summary>
/// The staff console under <c>/console</c>: its files (hashed assets cached for a year, <c>index.html</c> revalidated
/// every time) and, for any other path under <c>/console</c>, <c>index.html</c> for the console's own router. A branch
/// of the pipeline, not endpoints: it stays out of the contract and the route table. Not built: a problem, and the API
/// serves everything else as usual.
/// </summary>
public static class StaffConsole
{
    public const string Prefix = "/console";
    private const string Immutable = "public, max-age=31536000, immutable";
    private const string Revalidate = "no-cache";

    public static WebApplication MapStaffConsole(this WebApplication app)
    {
        var options = app.Configuration.GetSection(StaffConsoleOptions.Section).Get<StaffConsoleOptions>() ?? new StaffConsoleOptions();
        var root = System.IO.Path.GetFullPath(options.Path is { Length: > 0 } p ? p : System.IO.Path.Combine(AppContext.BaseDirectory, "console"));
        var built = File.Exists(System.IO.Path.Combine(root, "index.html"));
        app.Logger.LogInformation("Staff console under {Prefix}: {State} ({Root})", Prefix, built ? "served" : "not built", root);
        app.Map(Prefix, console =>
        {
            if (!built)
            {
                console.Run(NotBuiltAsync);
                return;
            }
            var files = new PhysicalFileProvider(root);
            console.Use((context, next) =>
            {
                // /console itself: the console's base is /console/ (its relative asset paths need the slash).
                if (context.Request.Path == PathString.Empty && HttpMethods.IsGet(context.Request.Method))
                {
                    context.Response.Redirect(Prefix + "/" + context.Request.QueryString);
                    return Task.CompletedTask;
                }
                return next(context);
            });
            console.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                OnPrepareResponse = f => f.Context.Response.Headers.CacheControl =
                    f.Context.Request.Path.StartsWithSegments("/assets") ? Immutable : Revalidate,
            });
            console.Run(context => IndexAsync(context, files));
        });
        return app;
    }

    /// <summary>The console's own routes (<c>/console/review</c>): its page; a missing file (an old asset) stays a 404.</summary>
    private static async Task IndexAsync(HttpContext context, IFileProvider files)
    {
        var path = context.Request.Path.Value ?? "";
        if (!(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            await ProblemAsync(context, StatusCodes.Status405MethodNotAllowed, "method_not_allowed", "The console's files are read with GET.");
            return;
        }
        if (System.IO.Path.HasExtension(path) || path.StartsWith("/assets/", StringComparison.Ordinal))
        {
            await ProblemAsync(context, StatusCodes.Status404NotFound, "not_found", "No such file of the console.");
            return;
        }
        var index = files.GetFileInfo("index.html");
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = Revalidate;
        context.Response.ContentLength = index.Length;
        if (HttpMethods.IsHead(context.Request.Method)) return;
        await context.Response.SendFileAsync(index, context.RequestAborted);
    }

    private static Task NotBuiltAsync(HttpContext context) =>
        ProblemAsync(context, StatusCodes.Status404NotFound, "console.not_built",
            "The staff console is not built on this server: build it (cd console && npm ci && npm run build) and set Console:Path.");

    private static Task ProblemAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        return context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail, Extensions = { ["code"] = code } },
        }).AsTask();
    }
}
