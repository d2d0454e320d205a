using System.Text.Json;
using ImageCollection.Core.Hosting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImageCollection.Api.Hosting;

/// <summary><c>/health/live</c>: the process answers. <c>/health/ready</c>: PostgreSQL, S3 and Hangfire storage answer.</summary>
public static class HealthEndpoints
{
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        string[] ready = ["ready"];
        builder.Services.AddHealthChecks()
            .AddCheck<PostgresHealthCheck>("postgres", tags: ready, timeout: TimeSpan.FromSeconds(5))
            .AddCheck<ObjectStoreHealthCheck>("storage", tags: ready, timeout: TimeSpan.FromSeconds(5))
            .AddCheck<JobStorageHealthCheck>("jobs", tags: ready, timeout: TimeSpan.FromSeconds(5));
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = Write });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = Write });
        return app;
    }

    private static Task Write(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString().ToLowerInvariant(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new
            {
                status = e.Value.Status.ToString().ToLowerInvariant(),
                description = e.Value.Description,
                data = e.Value.Data,
            }),
        }));
    }
}
