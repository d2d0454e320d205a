using System.Net.Http.Json;
using System.Security.Cryptography;
using ImageCollection.Core.MiniProgram;
using ImageCollection.Core.WechatPay;
using ImageCollection.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageCollection.WechatEmulator.Tests;

/// <summary>
/// The emulator on a real loopback port (in-process: its own host), and our WeChat Pay client configured against it
/// as the API would be: the merchant key pair generated here, the emulator's public key and id read from its data folder.
/// </summary>
public class EmulatorFixture : IAsyncLifetime
{
    public const string AppId = "wx1234567890abcdef", MchId = "1900000109", Secret = "test-secret";
    private WebApplication _emulator = null!;
    private IHost _host = null!;

    public RSA MerchantKey { get; } = RSA.Create(2048);
    public string ApiV3Key { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    public string Url { get; private set; } = "";
    public string DataPath { get; } = TestFolder.Create();
    public HttpClient Control { get; private set; } = null!;
    public IServiceProvider Services => _host.Services;
    public WechatPayClient Client => _host.Services.GetRequiredService<WechatPayClient>();

    /// <summary>More emulator arguments (<c>--Key=value</c>) and client settings, for fixtures of other modes.</summary>
    protected virtual string[] ExtraEmulatorArguments => [];
    protected virtual Dictionary<string, string?> ExtraClientSettings => new();

    public async Task InitializeAsync()
    {
        _emulator = EmulatorApp.Create([
            "--Emulator:Urls=http://127.0.0.1:0", $"--Emulator:DataPath={DataPath}", $"--Emulator:ApiV3Key={ApiV3Key}",
            $"--Wechat:MiniProgram:AppId={AppId}", $"--Wechat:MiniProgram:Secret={Secret}", $"--WechatPay:MchId={MchId}",
            "--Emulator:RetryFactor=0.001", "--Logging:LogLevel:Default=Warning", .. ExtraEmulatorArguments,
        ], b => b.Configuration["Emulator:MerchantPublicKey"] = MerchantKey.ExportSubjectPublicKeyInfoPem());
        await _emulator.StartAsync();
        Url = _emulator.Urls.First();
        Control = new HttpClient { BaseAddress = new Uri(Url) };

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["WechatPay:BaseUrl"] = Url, ["WechatPay:MchId"] = MchId, ["WechatPay:MerchantSerialNumber"] = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
            ["WechatPay:MerchantPrivateKey"] = MerchantKey.ExportPkcs8PrivateKeyPem(), ["WechatPay:ApiV3Key"] = ApiV3Key,
            ["WechatPay:PublicKeyId"] = File.ReadAllText(Path.Combine(DataPath, "public_key_id.txt")).Trim(),
            ["WechatPay:PublicKey"] = Path.Combine(DataPath, "wechatpay_public.pem"),
            ["WechatPay:NotifyUrl"] = "http://127.0.0.1:1/notify", ["WechatPay:RefundNotifyUrl"] = "http://127.0.0.1:1/refund-notify",
            ["Wechat:MiniProgram:AppId"] = AppId, ["Wechat:MiniProgram:Secret"] = Secret, ["Wechat:MiniProgram:BaseUrl"] = Url,
        });
        builder.Configuration.AddInMemoryCollection(ExtraClientSettings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddWechatMiniProgram();
        builder.AddWechatPay();
        _host = builder.Build();
        await _host.StartAsync();
    }

    public JsapiPrepayRequest Order(string outTradeNo, long total = 1500, string notifyUrl = "http://127.0.0.1:1/notify") =>
        new(AppId, MchId, "毕业照采集 JF3D34", outTradeNo, WechatPayJson.Time(DateTimeOffset.UtcNow.AddMinutes(30)), notifyUrl,
            new PayAmount(total), new PrepayPayer("oTestOpenId000000000000000001"));

    public static string NewNo(string prefix) => prefix + Guid.NewGuid().ToString("N")[..20];

    public async Task PayAsync(string outTradeNo, object? options = null) =>
        (await Control.PostAsJsonAsync($"/control/orders/{outTradeNo}/pay", options ?? new { drop = true })).EnsureSuccessStatusCode();

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        await _emulator.DisposeAsync();
        Control.Dispose();
    }
}
