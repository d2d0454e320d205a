using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageCollection.Core.WechatPay;

/// <summary>The envelope WeChat posts to a notify URL (spec §5.1).</summary>
public sealed record NotificationEnvelope(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("create_time")] string? CreateTime,
    [property: JsonPropertyName("event_type")] string EventType,
    [property: JsonPropertyName("resource_type")] string? ResourceType,
    [property: JsonPropertyName("summary")] string? Summary,
    [property: JsonPropertyName("resource")] EncryptedResource Resource);

public sealed record Notification<T>(string Id, string EventType, T Resource);

/// <summary>
/// Callback handling (spec §5.4): verify the signature over the raw body first, then decrypt with the APIv3 key.
/// Anything that fails raises <see cref="WechatPaySignatureException"/>; the endpoint answers 401 and WeChat retries.
/// </summary>
public sealed class WechatPayNotifications(WechatPayVerifier verifier, WechatPayKeys keys)
{
    public Task<Notification<WechatTransaction>> TransactionAsync(WechatPaySignedHeaders headers, byte[] rawBody, CancellationToken ct) =>
        ParseAsync<WechatTransaction>(headers, rawBody, "TRANSACTION.", ct);

    public Task<Notification<WechatRefund>> RefundAsync(WechatPaySignedHeaders headers, byte[] rawBody, CancellationToken ct) =>
        ParseAsync<WechatRefund>(headers, rawBody, "REFUND.", ct);

    private async Task<Notification<T>> ParseAsync<T>(WechatPaySignedHeaders headers, byte[] rawBody, string eventPrefix, CancellationToken ct)
    {
        await verifier.VerifyAsync(headers, rawBody, ct);
        NotificationEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize<NotificationEnvelope>(rawBody);
        }
        catch (JsonException)
        {
            throw new WechatPayNotificationException("The notification is not the expected JSON.");
        }
        // Signed, but not an envelope we can use (a probe, or a format we do not know): refused, never half-read.
        if (envelope is not { Id: { Length: > 0 }, EventType: { } eventType, Resource: { Algorithm: { } algorithm, Nonce: { }, Ciphertext: { } } })
            throw new WechatPayNotificationException("The notification has no id, event type or encrypted resource.");
        if (!eventType.StartsWith(eventPrefix, StringComparison.Ordinal))
            throw new WechatPayNotificationException($"Unexpected event type {eventType}.");
        if (algorithm != "AEAD_AES_256_GCM")
            throw new WechatPayNotificationException($"Unsupported algorithm {algorithm}.");
        try
        {
            var plain = AeadAes256Gcm.Decrypt(keys.ApiV3Key, envelope.Resource.Nonce, envelope.Resource.AssociatedData, envelope.Resource.Ciphertext);
            var resource = JsonSerializer.Deserialize<T>(plain, WechatPayJson.Options) ?? throw new JsonException("empty resource");
            return new Notification<T>(envelope.Id, envelope.EventType, resource);
        }
        catch (Exception e) when (e is CryptographicException or FormatException or JsonException or ArgumentException)
        {
            throw new WechatPaySignatureException("The notification resource cannot be decrypted with our APIv3 key.");
        }
    }
}
