using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ImageCollection.Api.Hosting;

/// <summary>Section <c>Proxy</c>: the reverse proxies (TLS terminators, load balancers) whose forwarded headers are believed.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Addresses of the proxies in front of the API, e.g. <c>10.0.0.5</c>.</summary>
    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies, in CIDR notation, e.g. <c>10.0.0.0/24</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];
}

/// <summary>
/// What every response carries whatever the endpoint: no <c>Server</c> header, no sniffing, no framing, no referrer,
/// a content security policy, <c>no-store</c> on API answers (they are personal), HSTS outside Development; and the
/// client's address and scheme from <c>X-Forwarded-For</c>/<c>-Proto</c>, but only when the request comes from a
/// configured proxy (the staff-login limit is per client address, and the staff cookie is Secure behind TLS proxies).
/// </summary>
public static class HttpHardening
{
    private const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    // The Hangfire dashboard renders its own pages with inline scripts and styles.
    private const string DashboardPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    // The staff console: its own scripts only; Element Plus sets inline styles; photos come from presigned storage URLs.
    private const string ConsolePolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob: http: https:; "
        + "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

    public static WebApplicationBuilder AddHttpHardening(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        var proxies = builder.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in proxies.KnownProxies) o.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in proxies.KnownNetworks) o.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            o.ForwardLimit = 1;
        });
        builder.Services.AddHsts(o =>
        {
            o.MaxAge = TimeSpan.FromDays(365);
            o.IncludeSubDomains = true;
        });
        return builder;
    }

    public static WebApplication UseHttpHardening(this WebApplication app)
    {
        var proxies = app.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new ProxyOptions();
        if (proxies.KnownProxies.Length + proxies.KnownNetworks.Length > 0) app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment()) app.UseHsts(); // sent on HTTPS requests only
        app.Use((context, next) =>
        {
            // Read now: a branch (the console's) strips its prefix from the path before the response starts.
            var path = context.Request.Path;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                if (path.StartsWithSegments("/staff/hangfire")) headers.ContentSecurityPolicy = DashboardPolicy;
                else if (path.StartsWithSegments(StaffConsole.Prefix)) headers.ContentSecurityPolicy = ConsolePolicy;
                else if (!path.StartsWithSegments("/scalar")) headers.ContentSecurityPolicy = ApiPolicy;
                if (path.StartsWithSegments("/api") && !headers.ContainsKey("Cache-Control")) headers.CacheControl = "no-store";
                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }
}
