using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Timeout;

namespace ImageCollection.Core.WechatPay;

public static class WechatPayRegistration
{
    /// <summary>
    /// The WeChat Pay client: options validated at start-up (the APIv3 key must be 32 bytes, keys must load), the
    /// signing handler inside a retry pipeline (so every attempt is signed anew), responses verified by the client.
    /// </summary>
    public static IHostApplicationBuilder AddWechatPay(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WechatPayOptions>().BindConfiguration(WechatPayOptions.Section)
            .Validate(o => Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out _), "WechatPay:BaseUrl must be an absolute URL (https://api.mch.weixin.qq.com).")
            .Validate(o => o.MchId.Length is > 0 and <= 32 && o.MchId.All(char.IsAsciiDigit), "WechatPay:MchId (商户号) is required: digits.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.MerchantSerialNumber),
                "WechatPay:MerchantSerialNumber is required (the merchant API certificate serial).")
            .Validate(o => Encoding.UTF8.GetByteCount(o.ApiV3Key) == 32, "WechatPay:ApiV3Key must be exactly 32 bytes (32 ASCII characters).")
            .Validate(o => LoadsRsa(o.MerchantPrivateKey, mustBePrivate: true),
                "WechatPay:MerchantPrivateKey must be the merchant private key (PEM text or a readable file).")
            .Validate(o => o.PublicKeyId.StartsWith("PUB_KEY_ID_", StringComparison.Ordinal) || !string.IsNullOrWhiteSpace(o.PlatformCertificates),
                "WechatPay:PublicKeyId (PUB_KEY_ID_…) is required unless WechatPay:PlatformCertificates is set.")
            .Validate(o => string.IsNullOrWhiteSpace(o.PublicKeyId) || LoadsRsa(o.PublicKey, mustBePrivate: false),
                "WechatPay:PublicKey must be the WeChat Pay public key (PEM text or a readable file).")
            .Validate(o => IsNotifyUrl(o.NotifyUrl) && IsNotifyUrl(o.RefundNotifyUrl),
                "WechatPay:NotifyUrl and WechatPay:RefundNotifyUrl must be absolute URLs without a query string.")
            .ValidateOnStart();

        builder.Services.AddSingleton<WechatPayKeys>();
        builder.Services.AddSingleton<PlatformCertificateStore>();
        builder.Services.AddSingleton<WechatPayVerifier>();
        builder.Services.AddSingleton<WechatPayNotifications>();
        builder.Services.AddTransient<WechatPaySigningHandler>();
        var client = builder.Services.AddHttpClient<WechatPayClient>(Configure);
        client.AddResilienceHandler("wechatpay", Resilience); // outermost: each retry passes the signing handler again
        client.AddHttpMessageHandler<WechatPaySigningHandler>();
        builder.Services.AddHttpClient(PlatformCertificateStore.HttpClientName, Configure).AddHttpMessageHandler<WechatPaySigningHandler>();
        builder.Services.AddHostedService<PlatformCertificateRefresher>();
        return builder;
    }

    private static void Configure(IServiceProvider sp, HttpClient http)
    {
        http.BaseAddress = new Uri(sp.GetRequiredService<IOptions<WechatPayOptions>>().Value.BaseUrl.TrimEnd('/') + "/");
        http.Timeout = TimeSpan.FromSeconds(60); // the resilience pipeline's own timeouts are shorter
    }

    private static void Resilience(ResiliencePipelineBuilder<HttpResponseMessage> pipeline)
    {
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 3,
            Delay = TimeSpan.FromMilliseconds(200),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
        });
        pipeline.AddTimeout(TimeSpan.FromSeconds(10));
    }

    /// <summary>Transport errors, timeouts and 5xx are resent (same key, fresh signature); a 429 only where it is safe.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is HttpRequestException or TimeoutRejectedException) return true;
        if (outcome.Result is not { } response) return false;
        var status = (int)response.StatusCode;
        if (status is 500 or 502 or 503 or 504) return true;
        if (response.StatusCode != HttpStatusCode.TooManyRequests) return false;
        return !(response.RequestMessage?.Options.TryGetValue(WechatPayRetryOption.Key, out var retry) == true && retry == WechatPayRetry.RefundCreate);
    }

    private static bool LoadsRsa(string valueOrPath, bool mustBePrivate)
    {
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(WechatPayOptions.ReadPem(valueOrPath));
            if (mustBePrivate) rsa.ExportParameters(true);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static bool IsNotifyUrl(string url) => Uri.TryCreate(url, UriKind.Absolute, out var u) && string.IsNullOrEmpty(u.Query);
}

/// <summary>Refreshes platform certificates every 6 hours (legacy mode only): new ones appear 24 h before rotation.</summary>
public sealed class PlatformCertificateRefresher(PlatformCertificateStore store, ILogger<PlatformCertificateRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!store.Enabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromHours(6));
        do
        {
            if (!await store.RefreshAsync(stoppingToken)) logger.LogWarning("Platform certificates not refreshed; keeping {Count}", store.Serials.Count);
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
