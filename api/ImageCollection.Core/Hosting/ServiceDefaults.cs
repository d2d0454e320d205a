using ImageCollection.Core.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace ImageCollection.Core.Hosting;

/// <summary>
/// What the API and the worker share as hosts (eShop's ServiceDefaults): OpenTelemetry traces and metrics (ASP.NET Core,
/// outgoing HTTP to WeChat and S3, Npgsql, Hangfire jobs, the runtime, the business meter), exported over OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set and scraped by Prometheus on the management listener; JSON console logs
/// with trace and span ids outside Development; the health checks.
/// </summary>
public static class ServiceDefaults
{
    public const string MetricsPath = "/metrics";

    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        builder.Services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.Section);
        builder.Services.TryAddSingleton<AppMetrics>();
        builder.AddHealth();
        builder.AddLogDefaults();

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(serviceName, serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithTracing(t => t
                .AddSource(JobTracing.SourceName)
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsManagementPath(http.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql())
            .WithMetrics(m => m
                .AddMeter(AppMetrics.MeterName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddNpgsqlInstrumentation()
                .AddPrometheusExporter());
        // Read from the host's own configuration (environment, appsettings): the standard OTEL_* variables configure
        // the exporter (protocol, headers, intervals).
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])) telemetry.UseOtlpExporter();
        return builder;
    }

    /// <summary>
    /// Health on every listener; <c>/metrics</c> only on a connection to the management port (<c>Management:Port</c>),
    /// which operators keep on their own network: a request to any other port, whatever its Host header, never sees it.
    /// With <paramref name="everyListenerIsManagement"/> (the worker, whose only listener is the management one) on all.
    /// </summary>
    public static WebApplication MapServiceDefaults(this WebApplication app, bool everyListenerIsManagement = false)
    {
        var management = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ManagementOptions>>().Value;
        app.UseOpenTelemetryPrometheusScrapingEndpoint(http => http.Request.Path == MetricsPath
            && (everyListenerIsManagement || (management.Port is > 0 and var port && http.Connection.LocalPort == port)));
        app.MapHealth();
        return app;
    }

    private static bool IsManagementPath(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(MetricsPath);

    private static void AddLogDefaults(this IHostApplicationBuilder builder)
    {
        // Outside Development one JSON object a line, with the scopes: TraceId and SpanId join a log line to its trace
        // (Host defaults track them on every scope). Logging:Console:FormatterName in configuration still wins.
        builder.Services.AddOptions<ConsoleLoggerOptions>().Configure<IHostEnvironment, IConfiguration>((o, env, config) =>
        {
            if (!env.IsDevelopment() && string.IsNullOrEmpty(config["Logging:Console:FormatterName"])) o.FormatterName = ConsoleFormatterNames.Json;
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
    }
}

/// <summary>The management listener: <c>Management:Port</c> on the API (also listed in its URLs), <c>Management:Urls</c> on the worker.</summary>
public sealed class ManagementOptions
{
    public const string Section = "Management";

    /// <summary>The API's port for <c>/metrics</c>; none: the API serves no metrics.</summary>
    public int? Port { get; set; }

    /// <summary>Where the worker listens for health and metrics; port 0 takes a free one (logged at start).</summary>
    public string Urls { get; set; } = "http://127.0.0.1:0";
}
