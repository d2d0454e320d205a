using ImageCollection.Core.Hosting;
using ImageCollection.Worker.Compliance;
using ImageCollection.Worker.Jobs;

namespace ImageCollection.Worker;

/// <summary>The worker host (Hangfire server), or the <c>check-photo</c> command.</summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is ["check-photo", ..]) return await CheckPhotoCommand.RunAsync(args[1..]);

        var builder = Host.CreateApplicationBuilder(args);
        builder.AddCore();
        builder.AddPayments();
        builder.AddPhotoCompliance();
        builder.AddJobServer();

        using var host = builder.Build();
        await host.RunAsync();
        return 0;
    }
}
