using ImageCollection.Core.Hosting;
using ImageCollection.Worker.Compliance;
using ImageCollection.Worker.Jobs;
using ImageCollection.Worker.Platform;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace ImageCollection.Worker;

/// <summary>
/// The worker host (Hangfire server) with its management listener (<c>Management:Urls</c>: health and metrics), or the
/// <c>check-photo</c> command.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["check-photo", ..]) return await CheckPhotoCommand.RunAsync(args[1..]);

        var builder = WebApplication.CreateBuilder(args);
        builder.WebHost.UseUrls(builder.Configuration.GetSection(ManagementOptions.Section).Get<ManagementOptions>()?.Urls
                                ?? new ManagementOptions().Urls);
        builder.AddServiceDefaults("imagecollection-worker");
        builder.Services.AddHealthChecks().AddCheck<JobServerHealthCheck>("job-server", tags: ["ready"], timeout: TimeSpan.FromSeconds(5));
        builder.Services.AddHostedService<BacklogMetrics>();
        builder.AddCore();
        builder.AddPayments();
        builder.AddPhotoCompliance();
        builder.AddJobServer();

        await using var app = builder.Build();
        app.MapServiceDefaults(everyListenerIsManagement: true);
        await app.RunAsync();
        return 0;
    }
}
