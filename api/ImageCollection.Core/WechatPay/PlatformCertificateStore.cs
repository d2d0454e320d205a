using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ImageCollection.Core.WechatPay;

/// <summary>
/// Legacy platform-certificate mode (spec §3.6): certificates by serial, downloaded from <c>/v3/certificates</c>,
/// decrypted with the APIv3 key, old and new kept until they expire. Off unless <c>WechatPay:PlatformCertificates</c> is set.
/// </summary>
public sealed class PlatformCertificateStore
{
    public const string HttpClientName = "wechatpay-certificates";
    private readonly ConcurrentDictionary<string, (X509Certificate2 Certificate, RSA Key)> _bySerial = new(StringComparer.OrdinalIgnoreCase);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly IHttpClientFactory _http;
    private readonly WechatPayKeys _keys;
    private readonly TimeProvider _clock;
    private readonly ILogger<PlatformCertificateStore> _logger;

    public PlatformCertificateStore(IOptions<WechatPayOptions> options, IHttpClientFactory http, WechatPayKeys keys, TimeProvider clock,
        ILogger<PlatformCertificateStore> logger)
    {
        (_http, _keys, _clock, _logger) = (http, keys, clock, logger);
        var setting = options.Value.PlatformCertificates?.Trim();
        Enabled = !string.IsNullOrEmpty(setting);
        if (Enabled && !setting!.Equals("download", StringComparison.OrdinalIgnoreCase))
        {
            var pem = WechatPayOptions.ReadPem(setting);
            var collection = new X509Certificate2Collection();
            collection.ImportFromPem(pem);
            foreach (var certificate in collection) Add(certificate);
        }
    }

    public bool Enabled { get; }

    public IReadOnlyCollection<string> Serials => _bySerial.Keys.ToList();

    /// <summary>The key of an unexpired certificate with this serial (hex, any case), or null.</summary>
    public RSA? Find(string serial) =>
        _bySerial.TryGetValue(Normalize(serial), out var entry) && entry.Certificate.NotAfter > _clock.GetUtcNow().UtcDateTime ? entry.Key : null;

    /// <summary>X.509 gives a serial whose high bit is set a leading 00 byte; WeChat does not.</summary>
    public static string Normalize(string serial) => serial.Trim().TrimStart('0').ToUpperInvariant();

    /// <summary>Downloads the current certificates; one refresh at a time for all callers. False when it failed.</summary>
    public async Task<bool> RefreshAsync(CancellationToken ct)
    {
        if (!Enabled) return false;
        await _refresh.WaitAsync(ct);
        try
        {
            using var client = _http.CreateClient(HttpClientName);
            using var response = await client.GetAsync("v3/certificates", ct);
            var body = await response.Content.ReadAsByteArrayAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                _logger.LogWarning("Downloading platform certificates answered {Status}", (int)response.StatusCode);
                return false;
            }
            var list = System.Text.Json.JsonSerializer.Deserialize<CertificateList>(body) ?? new([]);
            var fresh = list.Data.Select(d => X509Certificate2.CreateFromPem(AeadAes256Gcm.Decrypt(_keys.ApiV3Key,
                d.EncryptCertificate.Nonce, d.EncryptCertificate.AssociatedData, d.EncryptCertificate.Ciphertext))).ToList();
            // The first download is verified with a certificate it brings (the docs exempt nothing else).
            var serial = response.Headers.TryGetValues("Wechatpay-Serial", out var s) ? s.FirstOrDefault() : null;
            var signer = fresh.FirstOrDefault(c => serial is not null && Normalize(c.SerialNumber) == Normalize(serial))?.GetRSAPublicKey()
                         ?? (serial is null ? null : Find(serial));
            var h = WechatPaySignedHeaders.From(n => response.Headers.TryGetValues(n, out var v) ? v.FirstOrDefault() : null);
            if (signer is null || h.Timestamp is null || h.Nonce is null || h.Signature is null
                || !WechatPaySignature.Verify(signer, WechatPaySignature.ResponseMessage(h.Timestamp, h.Nonce, body), h.Signature))
            {
                _logger.LogWarning("The platform certificate list failed verification; keeping the certificates we had");
                return false;
            }
            foreach (var certificate in fresh) Add(certificate);
            foreach (var expired in _bySerial.Where(e => e.Value.Certificate.NotAfter <= _clock.GetUtcNow().UtcDateTime).Select(e => e.Key).ToList())
                _bySerial.TryRemove(expired, out _);
            return true;
        }
        catch (Exception e) when (e is HttpRequestException or CryptographicException or System.Text.Json.JsonException
                                       or TaskCanceledException or InvalidOperationException)
        {
            _logger.LogWarning(e, "Downloading platform certificates failed");
            return false;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private void Add(X509Certificate2 certificate) =>
        _bySerial[Normalize(certificate.SerialNumber)] = (certificate,
            certificate.GetRSAPublicKey() ?? throw new CryptographicException("Not an RSA certificate."));

    private sealed record CertificateList([property: JsonPropertyName("data")] List<CertificateEntry> Data);

    private sealed record CertificateEntry(
        [property: JsonPropertyName("serial_no")] string SerialNo,
        [property: JsonPropertyName("encrypt_certificate")] EncryptedResource EncryptCertificate);
}

/// <summary>An AEAD-encrypted resource of a callback or of the certificate list.</summary>
public sealed record EncryptedResource(
    [property: JsonPropertyName("algorithm")] string Algorithm,
    [property: JsonPropertyName("nonce")] string Nonce,
    [property: JsonPropertyName("associated_data")] string? AssociatedData,
    [property: JsonPropertyName("ciphertext")] string Ciphertext,
    [property: JsonPropertyName("original_type")] string? OriginalType = null);
