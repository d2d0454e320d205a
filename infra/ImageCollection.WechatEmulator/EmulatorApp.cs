using ImageCollection.WechatEmulator.MiniProgram;

namespace ImageCollection.WechatEmulator;

/// <summary>Builds the emulator host; tests start it in-process on a loopback port, the run command as a process.</summary>
public static class EmulatorApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var urls = builder.Configuration["Emulator:Urls"];
        if (!string.IsNullOrEmpty(urls)) builder.WebHost.UseUrls(urls);
        builder.Services.AddSingleton<MiniProgramState>();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/", () => Results.Text("ImageCollection WeChat emulator"));
        app.MapMiniProgramApi();
        return app;
    }
}
