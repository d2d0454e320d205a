using Hangfire;
using ImageCollection.Worker.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ImageCollection.Worker.Platform;

/// <summary>This worker's own Hangfire server is registered and its heartbeat is recent: a worker whose server stopped is not ready.</summary>
public sealed class JobServerHealthCheck(JobStorage storage, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan Stale = TimeSpan.FromMinutes(1);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var own = storage.GetMonitoringApi().Servers().FirstOrDefault(s => s.Name.StartsWith(JobServer.ServerName + ":", StringComparison.Ordinal)
                                                                           || s.Name == JobServer.ServerName);
        if (own is null) return Task.FromResult(HealthCheckResult.Unhealthy("This worker's job server is not registered."));
        var age = clock.GetUtcNow() - new DateTimeOffset(DateTime.SpecifyKind(own.Heartbeat ?? own.StartedAt, DateTimeKind.Utc));
        return Task.FromResult(age < Stale
            ? HealthCheckResult.Healthy(data: new Dictionary<string, object> { ["heartbeatAgeSeconds"] = (int)age.TotalSeconds })
            : HealthCheckResult.Unhealthy($"This worker's job server has not beaten for {(int)age.TotalSeconds} s."));
    }
}
