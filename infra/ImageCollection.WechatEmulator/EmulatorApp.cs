using ImageCollection.WechatEmulator.Control;
using ImageCollection.WechatEmulator.Crypto;
using ImageCollection.WechatEmulator.MiniProgram;
using ImageCollection.WechatEmulator.Pay;

namespace ImageCollection.WechatEmulator;

/// <summary>
/// A local stand-in for WeChat's mini-program server API and WeChat Pay API v3, speaking their protocol. Tests start it
/// in-process on a loopback port or as a process; the run command as a process. Keys and state live in Emulator:DataPath.
/// </summary>
public static class EmulatorApp
{
    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var urls = builder.Configuration["Emulator:Urls"];
        if (!string.IsNullOrEmpty(urls)) builder.WebHost.UseUrls(urls);
        builder.Services.AddSingleton<MiniProgramState>();
        builder.Services.AddSingleton<EmulatorKeys>();
        builder.Services.AddSingleton<EmulatorSettings>();
        builder.Services.AddSingleton<PayStore>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PayStore>());
        builder.Services.AddSingleton<Notifier>();
        builder.Services.AddSingleton<Refunds>();
        builder.Services.AddSingleton<TradeBills>();
        builder.Services.AddHttpClient("notify", c => c.Timeout = TimeSpan.FromSeconds(5)); // WeChat waits 5 s for an answer
        configure?.Invoke(builder);

        var app = builder.Build();
        app.MapGet("/", () => Results.Text("ImageCollection WeChat emulator"));
        app.MapMiniProgramApi();
        app.MapPayApi();
        app.MapControlApi();
        app.Lifetime.ApplicationStarted.Register(() => Announce(app));
        return app;
    }

    /// <summary>Prints, and writes to DataPath/api.env, the settings an API needs to use this emulator.</summary>
    private static void Announce(WebApplication app)
    {
        var keys = app.Services.GetRequiredService<EmulatorKeys>();
        var url = app.Urls.FirstOrDefault()?.Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1") ?? "http://127.0.0.1";
        var env = keys.ApiEnvironment(url);
        File.WriteAllText(Path.Combine(keys.DataPath, "api.env"), env);
        Console.WriteLine($"WeChat emulator listening on {url}; configuration for the API (also in {Path.Combine(keys.DataPath, "api.env")}):");
        Console.WriteLine(env);
    }
}
