using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ImageCollection.Api.Tests.Infrastructure;

/// <summary>
/// The API in-process against its own database on the shared real PostgreSQL, its own bucket on the shared real S3
/// server, and its own WeChat emulator process. One per test class (IClassFixture).
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    private readonly Dictionary<string, string?> _settings = new();
    private readonly List<ChildProcess> _children = [];

    public CapturedLogs Logs { get; } = new();
    public string ConnectionString { get; private set; } = "";
    public string Bucket { get; } = "t" + Guid.NewGuid().ToString("N")[..20];
    public S3Server S3 { get; private set; } = null!;
    public string EmulatorUrl { get; private set; } = "";
    public string AppId { get; } = "wx" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
    public const string MchId = "1900000109";
    public RSA MerchantKey { get; } = RSA.Create(2048);
    public string ApiV3Key { get; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
    public string EmulatorDataPath { get; } = TestFolder.Create();
    /// <summary>Where the API listens when it serves on a real Kestrel listener (WeChat's notifications come here).</summary>
    public string ApiUrl { get; private set; } = "http://127.0.0.1:1";
    public HttpClient Emulator { get; private set; } = null!;

    /// <summary>Set before the first request to override or add configuration (section:key).</summary>
    public IDictionary<string, string?> Settings => _settings;

    /// <summary>Serve on a real Kestrel listener (needed when another process calls the API back).</summary>
    protected virtual bool UseRealServer => false;

    /// <summary>Start a separate S3 server for this fixture (tests that take storage down).</summary>
    protected virtual bool OwnS3Server => false;

    public virtual async Task InitializeAsync()
    {
        var pg = await PostgresServer.SharedAsync();
        ConnectionString = await pg.CreateDatabaseAsync("api");
        S3 = OwnS3Server ? await S3Server.StartAsync() : await S3Server.SharedAsync();
        var emulatorPort = FreePort.Next();
        EmulatorUrl = $"http://127.0.0.1:{emulatorPort}";
        var emulator = ChildProcess.StartHost("emulator", RepoPaths.HostDll("infra/ImageCollection.WechatEmulator"), new Dictionary<string, string?>
        {
            ["Emulator__Urls"] = EmulatorUrl,
            ["Emulator__DataPath"] = EmulatorDataPath,
            ["Emulator__MerchantPublicKey"] = MerchantKey.ExportSubjectPublicKeyInfoPem(),
            ["Emulator__ApiV3Key"] = ApiV3Key,
            // WeChat's retry schedule (15 s, 15 s, 30 s, 3 min …) compressed a hundredfold.
            ["Emulator__RetryFactor"] = "0.01",
            ["WechatPay__MchId"] = MchId,
            ["Wechat__MiniProgram__AppId"] = AppId,
            ["Wechat__MiniProgram__Secret"] = "test-secret",
        });
        _children.Add(emulator);
        await FreePort.WaitUntilListeningAsync(emulatorPort, TimeSpan.FromSeconds(30), () => emulator.Output);
        Emulator = new HttpClient { BaseAddress = new Uri(EmulatorUrl) };
        // Its keys are written when it has started; the API is configured from them.
        for (var i = 0; i < 200 && !File.Exists(Path.Combine(EmulatorDataPath, "api.env")); i++) await Task.Delay(50);

        if (UseRealServer)
        {
            var port = FreePort.Next();
            ApiUrl = $"http://127.0.0.1:{port}";
            UseKestrel(port);
            // Tests read /metrics on the API's only listener: it is the management port here.
            _settings.TryAdd("Management:Port", port.ToString());
        }
        foreach (var (k, v) in BaseSettings()) _settings.TryAdd(k, v);
        // As the migrate command does, before any host starts (the hosts only check the schema).
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DataRegistration.Configure(options, ConnectionString);
        await using (var db = new AppDbContext(options.Options)) await DatabaseSchema.MigrateAsync(db);
        _ = Services;
    }

    private Dictionary<string, string?> BaseSettings() => new()
    {
        ["ConnectionStrings:Postgres"] = ConnectionString,
        ["Storage:Endpoint"] = S3.Endpoint,
        ["Storage:PublicEndpoint"] = S3.Endpoint,
        ["Storage:AccessKey"] = S3Server.AccessKey,
        ["Storage:SecretKey"] = S3Server.SecretKey,
        ["Storage:Region"] = S3Server.Region,
        ["Storage:Bucket"] = Bucket,
        ["Storage:UseSsl"] = "false",
        ["Auth:SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        ["PersonalData:EncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["PersonalData:HashKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Wechat:MiniProgram:AppId"] = AppId,
        ["Wechat:MiniProgram:Secret"] = "test-secret",
        ["Wechat:MiniProgram:BaseUrl"] = EmulatorUrl,
        ["WechatPay:BaseUrl"] = EmulatorUrl,
        ["WechatPay:MchId"] = MchId,
        ["WechatPay:MerchantSerialNumber"] = "5157F09EFDC096DE15EBE81A47057A7232F1B8E1",
        ["WechatPay:MerchantPrivateKey"] = MerchantKey.ExportPkcs8PrivateKeyPem(),
        ["WechatPay:ApiV3Key"] = ApiV3Key,
        ["WechatPay:PublicKeyId"] = File.ReadAllText(Path.Combine(EmulatorDataPath, "public_key_id.txt")).Trim(),
        ["WechatPay:PublicKey"] = Path.Combine(EmulatorDataPath, "wechatpay_public.pem"),
        ["WechatPay:NotifyUrl"] = ApiUrl + "/api/v1/payments/wechat/notify",
        ["WechatPay:RefundNotifyUrl"] = ApiUrl + "/api/v1/payments/wechat/refund-notify",
        ["Jobs:InvisibilityTimeout"] = "00:00:20",
        ["Jobs:QueuePollInterval"] = "00:00:00.200",
        ["Photos:FaceModelPath"] = Path.Combine(RepoPaths.Shared, "models", "yunet", "yunet_n_640_640.onnx"),
    };

    /// <summary>The same configuration as environment variables, for a worker process beside this API.</summary>
    public Dictionary<string, string?> WorkerEnvironment() =>
        _settings.ToDictionary(kv => kv.Key.Replace(":", "__"), kv => kv.Value);

    /// <summary>Starts a real worker process on this fixture's database and storage.</summary>
    public async Task<ChildProcess> StartWorkerAsync(IDictionary<string, string?>? extra = null)
    {
        var env = WorkerEnvironment();
        env["DOTNET_ENVIRONMENT"] = "Testing";
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) env[k] = v;
        var worker = ChildProcess.StartHost("worker", RepoPaths.HostDll("worker/ImageCollection.Worker"), env);
        _children.Add(worker);
        await worker.WaitForOutputAsync(l => l.Contains("Application started"), TimeSpan.FromSeconds(60));
        return worker;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (k, v) in _settings) builder.UseSetting(k, v);
        builder.ConfigureLogging(l => l.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
    }

    /// <summary>A second API instance (another replica) on the same database, storage and emulator, on its own Kestrel port.</summary>
    public WebApplicationFactory<Program> Sibling(out string url)
    {
        var port = FreePort.Next();
        url = $"http://127.0.0.1:{port}";
        var sibling = new SiblingApi(_settings.ToDictionary(kv => kv.Key, kv => kv.Value), Logs);
        sibling.UseKestrel(port);
        sibling.StartServer();
        return sibling;
    }

    private sealed class SiblingApi(Dictionary<string, string?> settings, CapturedLogs logs) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Testing");
            foreach (var (k, v) in settings) builder.UseSetting(k, v);
            builder.ConfigureLogging(l => l.AddProvider(logs));
        }
    }

    public HttpClient CreateClient(string? token)
    {
        var client = CreateClient();
        if (token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Logs a student in through the real login endpoint and the emulator; the same user gets the same student.</summary>
    public async Task<(Guid StudentId, string Token)> LoginStudentAsync(string user)
    {
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/auth/wechat/login", new { code = $"{user}.{Guid.NewGuid():N}" });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<LoginBody>();
        return (body!.StudentId, body.AccessToken);
    }

    /// <summary>Creates a staff user in the database and logs in through the real endpoint.</summary>
    public async Task<(Guid StaffId, string Token)> LoginStaffAsync(string[] roles, string[]? schoolCodes = null)
    {
        var userName = "staff" + Guid.NewGuid().ToString("N")[..10];
        const string password = "correct horse battery";
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var staff = new StaffUser(userName, userName, roles, schoolCodes ?? [], DateTimeOffset.UtcNow);
            staff.SetPasswordHash(new PasswordHasher<StaffUser>().HashPassword(staff, password));
            db.StaffUsers.Add(staff);
            await db.SaveChangesAsync();
        }
        using var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName, password });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<StaffLoginBody>();
        return (body!.Staff.Id, body.AccessToken);
    }

    public async Task<T> WithDbAsync<T>(Func<AppDbContext, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }

    public new virtual async Task DisposeAsync()
    {
        foreach (var child in _children) await child.DisposeAsync();
        Emulator?.Dispose();
        if (OwnS3Server) await S3.DisposeAsync();
        await base.DisposeAsync();
    }

    private sealed record LoginBody(string AccessToken, Guid StudentId);
    private sealed record StaffBody(Guid Id);
    private sealed record StaffLoginBody(string AccessToken, StaffBody Staff);
}
