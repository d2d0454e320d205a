using System.Globalization;
using System.Text;
using System.Text.Json;
using ImageCollection.WechatEmulator.Crypto;

namespace ImageCollection.WechatEmulator.Pay;

/// <summary>A signed notification handed out instead of delivered (load runs post them themselves).</summary>
public sealed record PreparedNotification(string Url, string Body, IReadOnlyDictionary<string, string> Headers);

/// <summary>How a notification is delivered: copies at once, later, stale or tampered on the first attempt, or not at all.</summary>
public sealed record DeliveryOptions(int Copies = 1, int DelayMs = 0, bool StaleTimestamp = false, bool Tamper = false, bool Drop = false,
    IReadOnlyList<string>? Targets = null);

/// <summary>
/// Sends signed and encrypted notifications to the notify_url of the request, re-signed with a fresh timestamp and
/// nonce on every attempt, on WeChat's retry schedule (15s, 15s, 30s, 3m … 6h) multiplied by <c>Emulator:RetryFactor</c>,
/// until the answer is 2xx. Every attempt and its answer goes to the delivery log.
/// </summary>
public sealed class Notifier(EmulatorKeys keys, EmulatorSettings settings, IHttpClientFactory http, IConfiguration configuration,
    IHostApplicationLifetime lifetime, ILogger<Notifier> logger)
{
    private static readonly TimeSpan[] Schedule = [
        TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(10),
        TimeSpan.FromMinutes(20), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60),
        TimeSpan.FromHours(3), TimeSpan.FromHours(3), TimeSpan.FromHours(3), TimeSpan.FromHours(6), TimeSpan.FromHours(6)];

    private double RetryFactor => double.TryParse(configuration["Emulator:RetryFactor"], CultureInfo.InvariantCulture, out var f) && f > 0 ? f : 1;

    public void Send(string url, string eventType, string summary, string originalType, object resource, string key, DeliveryOptions options)
    {
        var id = Guid.NewGuid().ToString();
        if (options.Drop)
        {
            settings.Deliveries.Enqueue(new DeliveryRecord(DateTimeOffset.UtcNow, id, eventType, key, 0, null, null, "dropped", false, false));
            return;
        }
        var envelope = Envelope(id, eventType, summary, originalType, resource);
        var targets = options.Targets is { Count: > 0 } t ? t : [url];
        for (var copy = 0; copy < Math.Max(1, options.Copies); copy++)
        {
            var target = targets[copy % targets.Count];
            _ = Task.Run(() => DeliverAsync(target, envelope, id, eventType, key, options, lifetime.ApplicationStopping));
        }
    }

    /// <summary>A notification as WeChat would post it now (signed, body encrypted), for a caller that delivers it itself.</summary>
    public PreparedNotification Prepare(string url, string eventType, string summary, string originalType, object resource)
    {
        var body = Envelope(Guid.NewGuid().ToString(), eventType, summary, originalType, resource);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var nonce = EmulatorCrypto.Nonce();
        return new PreparedNotification(url, Encoding.UTF8.GetString(body), new Dictionary<string, string>
        {
            ["Content-Type"] = "application/json",
            ["Wechatpay-Timestamp"] = timestamp.ToString(CultureInfo.InvariantCulture),
            ["Wechatpay-Nonce"] = nonce,
            ["Wechatpay-Signature"] = EmulatorCrypto.SignResponse(keys.SigningKey, timestamp, nonce, body),
            ["Wechatpay-Serial"] = keys.PublicKeyId,
            ["Wechatpay-Signature-Type"] = "WECHATPAY2-SHA256-RSA2048",
        });
    }

    private byte[] Envelope(string id, string eventType, string summary, string originalType, object resource)
    {
        var (ciphertext, nonce) = EmulatorCrypto.Encrypt(keys.ApiV3Key, originalType, JsonSerializer.Serialize(resource, PayJson.Options));
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            id,
            create_time = PayJson.Time(DateTimeOffset.UtcNow),
            resource_type = "encrypt-resource",
            event_type = eventType,
            summary,
            resource = new { original_type = originalType, algorithm = "AEAD_AES_256_GCM", ciphertext, associated_data = originalType, nonce },
        }, PayJson.Options);
    }

    private async Task DeliverAsync(string url, byte[] body, string id, string eventType, string key, DeliveryOptions options, CancellationToken stop)
    {
        try
        {
            if (options.DelayMs > 0) await Task.Delay(options.DelayMs, stop);
            for (var attempt = 1; !stop.IsCancellationRequested; attempt++)
            {
                var stale = attempt == 1 && options.StaleTimestamp;
                var tamper = attempt == 1 && options.Tamper;
                var (status, answer, error) = await PostAsync(url, body, stale, tamper, stop);
                settings.Deliveries.Enqueue(new DeliveryRecord(DateTimeOffset.UtcNow, id, eventType, key, attempt, status, answer, error, stale, tamper));
                if (status is >= 200 and < 300 || attempt > Schedule.Length) return;
                await Task.Delay(Schedule[attempt - 1] * RetryFactor, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    private async Task<(int? Status, string? Body, string? Error)> PostAsync(string url, byte[] body, bool stale, bool tamper, CancellationToken stop)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - (stale ? 600 : 0);
        var nonce = EmulatorCrypto.Nonce();
        var signature = EmulatorCrypto.SignResponse(keys.SigningKey, timestamp, nonce, body);
        var sent = tamper ? Tampered(body) : body;
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(sent) };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.TryAddWithoutValidation("Wechatpay-Timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.TryAddWithoutValidation("Wechatpay-Nonce", nonce);
        request.Headers.TryAddWithoutValidation("Wechatpay-Signature", signature);
        request.Headers.TryAddWithoutValidation("Wechatpay-Serial", keys.PublicKeyId);
        request.Headers.TryAddWithoutValidation("Wechatpay-Signature-Type", "WECHATPAY2-SHA256-RSA2048");
        request.Headers.UserAgent.ParseAdd("Mozilla/4.0");
        try
        {
            using var client = http.CreateClient("notify");
            using var response = await client.SendAsync(request, stop);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(stop), null);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stop.IsCancellationRequested)
        {
            logger.LogInformation("Notification to {Url} failed: {Error}", url, e.Message);
            return (null, null, e.Message);
        }
    }

    /// <summary>Changes one character of the summary after signing: the signature no longer matches.</summary>
    private static byte[] Tampered(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body);
        var at = text.IndexOf("\"summary\":\"", StringComparison.Ordinal) + 11;
        return Encoding.UTF8.GetBytes(text[..at] + "X" + text[(at + 1)..]);
    }
}
