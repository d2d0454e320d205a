using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Testing;

namespace ImageCollection.WechatEmulator.Tests;

public sealed class PersistenceTests
{
    private static async Task<(Microsoft.AspNetCore.Builder.WebApplication App, HttpClient Control)> StartAsync(string dataPath)
    {
        var app = EmulatorApp.Create(["--Emulator:Urls=http://127.0.0.1:0", $"--Emulator:DataPath={dataPath}", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        return (app, new HttpClient { BaseAddress = new Uri(app.Urls.First()) });
    }

    [Fact]
    public async Task Keys_and_payments_survive_a_restart_and_the_api_settings_are_written()
    {
        var data = TestFolder.Create();
        var (first, control) = await StartAsync(data);
        var when = DateTimeOffset.UtcNow.AddDays(-1);
        (await control.PostAsJsonAsync("/control/payments", new { outTradeNo = "KEEP0000001", total = 100, openId = "o1",
            successTime = when })).EnsureSuccessStatusCode();
        var keyId = await File.ReadAllTextAsync(Path.Combine(data, "public_key_id.txt"));
        await first.DisposeAsync();

        var (second, again) = await StartAsync(data);
        var order = await again.GetFromJsonAsync<JsonElement>("/control/orders/KEEP0000001");
        Assert.Equal("SUCCESS", order.GetProperty("state").GetString());
        Assert.Equal(keyId, await File.ReadAllTextAsync(Path.Combine(data, "public_key_id.txt")));
        var env = await File.ReadAllTextAsync(Path.Combine(data, "api.env"));
        Assert.Contains($"WechatPay__PublicKeyId={keyId.Trim()}", env);
        Assert.Contains("WechatPay__PublicKey=" + Path.Combine(data, "wechatpay_public.pem"), env);
        Assert.Contains("WechatPay__ApiV3Key=", env); // generated, since none was configured
        await second.DisposeAsync();
    }
}
