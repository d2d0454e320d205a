using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ImageCollection.Core.WechatPay;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace ImageCollection.Core.Tests.WechatPay;

/// <summary>Response and callback verification: the vectors pass; each single fault is refused.</summary>
public sealed class VerificationVectorTests
{
    private static readonly System.Text.Json.JsonElement Official = Vector.Load("official_doc_test_key.json");
    private static readonly System.Text.Json.JsonElement Response = Official.GetProperty("response_verification_public_key_mode");
    private static readonly System.Text.Json.JsonElement Notify = Vector.Load("notify_go_payscore.json");

    private static (WechatPayVerifier Verifier, FakeTimeProvider Clock) Create(long unixNow)
    {
        var options = Options.Create(new WechatPayOptions
        {
            MchId = "1900007291", MerchantSerialNumber = Official.Str("merchant", "serial_no"),
            MerchantPrivateKey = Official.Str("merchant", "private_key_pkcs8_pem"), ApiV3Key = Notify.Str("apiv3_key"),
            PublicKeyId = Response.Str("headers", "Wechatpay-Serial"), PublicKey = Response.Str("wechatpay_public_key_spki_pem"),
            PlatformCertificates = Notify.Str("platform_certificate_pem"),
        });
        var clock = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(unixNow));
        var keys = new WechatPayKeys(options);
        var http = new ServiceCollection().AddHttpClient().BuildServiceProvider().GetRequiredService<IHttpClientFactory>();
        var store = new PlatformCertificateStore(options, http, keys, clock, NullLogger<PlatformCertificateStore>.Instance);
        return (new WechatPayVerifier(keys, store, clock, NullLogger<WechatPayVerifier>.Instance), clock);
    }

    private static WechatPaySignedHeaders Headers(System.Text.Json.JsonElement h, string? signature = null, string? serial = null,
        string? timestamp = null) => new(
        timestamp ?? h.Str("Wechatpay-Timestamp"), h.Str("Wechatpay-Nonce"), signature ?? h.Str("Wechatpay-Signature"),
        serial ?? h.Str("Wechatpay-Serial"), null);

    private static byte[] Body => Encoding.UTF8.GetBytes(Response.Str("body"));

    [Fact]
    public async Task The_documented_public_key_response_verifies()
    {
        var (verifier, _) = Create(long.Parse(Response.Str("headers", "Wechatpay-Timestamp")) + 10);
        Assert.Equal(Response.Str("string_to_verify"), Encoding.UTF8.GetString(WechatPaySignature.ResponseMessage(
            Response.Str("headers", "Wechatpay-Timestamp"), Response.Str("headers", "Wechatpay-Nonce"), Body)));
        await verifier.VerifyAsync(Headers(Response.GetProperty("headers")), Body, CancellationToken.None);
    }

    [Fact]
    public async Task One_changed_byte_of_body_is_refused()
    {
        var (verifier, _) = Create(long.Parse(Response.Str("headers", "Wechatpay-Timestamp")));
        var body = Body;
        body[10] ^= 1;
        await Assert.ThrowsAsync<WechatPaySignatureException>(() => verifier.VerifyAsync(Headers(Response.GetProperty("headers")), body,
            CancellationToken.None));
    }

    [Fact]
    public async Task A_wrong_serial_is_refused()
    {
        var (verifier, _) = Create(long.Parse(Response.Str("headers", "Wechatpay-Timestamp")));
        await Assert.ThrowsAsync<WechatPaySignatureException>(() => verifier.VerifyAsync(
            Headers(Response.GetProperty("headers"), serial: "PUB_KEY_ID_0000000000000000000000000000000001"), Body, CancellationToken.None));
        await Assert.ThrowsAsync<WechatPaySignatureException>(() => verifier.VerifyAsync(
            Headers(Response.GetProperty("headers"), serial: "ABCDEF0123456789"), Body, CancellationToken.None));
    }

    [Theory]
    [InlineData(299, true)]
    [InlineData(300, false)]
    [InlineData(-300, false)]
    [InlineData(3600, false)]
    public async Task A_timestamp_five_minutes_off_is_refused(int secondsLater, bool accepted)
    {
        var sent = long.Parse(Response.Str("headers", "Wechatpay-Timestamp"));
        var (verifier, _) = Create(sent + secondsLater);
        var verify = () => verifier.VerifyAsync(Headers(Response.GetProperty("headers")), Body, CancellationToken.None);
        if (accepted) await verify();
        else Assert.Contains("5 minutes", (await Assert.ThrowsAsync<WechatPaySignatureException>(verify)).Message);
    }

    [Fact]
    public async Task A_signature_probe_is_refused_as_a_probe()
    {
        var (verifier, _) = Create(long.Parse(Response.Str("headers", "Wechatpay-Timestamp")));
        var error = await Assert.ThrowsAsync<WechatPaySignatureException>(() => verifier.VerifyAsync(
            Headers(Response.GetProperty("headers"), signature: "WECHATPAY/SIGNTEST/" + Response.Str("headers", "Wechatpay-Signature")), Body,
                CancellationToken.None));
        Assert.True(error.IsProbe);
    }

    [Fact]
    public async Task The_go_callback_verifies_with_its_platform_certificate_and_decrypts()
    {
        var (verifier, _) = Create(long.Parse(Notify.Str("headers", "Wechatpay-Timestamp")));
        var body = Encoding.UTF8.GetBytes(Notify.Str("body"));
        await verifier.VerifyAsync(Headers(Notify.GetProperty("headers")), body, CancellationToken.None);

        var resource = System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("resource");
        var plain = AeadAes256Gcm.Decrypt(Encoding.UTF8.GetBytes(Notify.Str("apiv3_key")), resource.Str("nonce"), resource.Str("associated_data"),
            resource.Str("ciphertext"));
        Assert.Equal(Notify.Str("expected_plaintext"), plain);

        body[^5] ^= 1;
        await Assert.ThrowsAsync<WechatPaySignatureException>(() => verifier.VerifyAsync(Headers(Notify.GetProperty("headers")), body, CancellationToken.None));
    }
}

/// <summary>AEAD_AES_256_GCM against every vector (the 16-byte-key Go vectors as layout checks).</summary>
public sealed class AeadVectorTests
{
    [Fact]
    public void Java_aes256_vector_decrypts_and_a_wrong_aad_is_refused()
    {
        var v = Vector.Load("aead_java_aes256.json");
        var key = Encoding.UTF8.GetBytes(v.Str("key"));
        Assert.Equal(32, key.Length);
        Assert.Equal(v.Str("plaintext"), AeadAes256Gcm.Decrypt(key, v.Str("nonce"), v.Str("associated_data"), v.Str("ciphertext_base64")));
        Assert.ThrowsAny<CryptographicException>(() => AeadAes256Gcm.Decrypt(key, v.Str("nonce"), "other", v.Str("ciphertext_base64")));
    }

    [Fact]
    public void Skit_certificate_payload_decrypts_to_the_certificate()
    {
        var v = Vector.Load("aead_skit_certificate_aes256.json");
        Assert.Equal(v.Str("expected_plaintext"), AeadAes256Gcm.Decrypt(Encoding.UTF8.GetBytes(v.Str("key")), v.Str("nonce"),
            v.Str("associated_data"), v.Str("ciphertext_base64")));
    }

    [Fact]
    public void Go_hello_world_has_the_tag_at_the_end()
    {
        var v = Vector.Load("aead_go_hello_world_aes128.json");
        Assert.Equal(v.Str("expected_plaintext"), AeadAes256Gcm.Decrypt(Encoding.UTF8.GetBytes(v.Str("key")), v.Str("nonce"),
            v.Str("associated_data"), v.Str("ciphertext_base64")));
    }

    [Theory]
    [InlineData("certificates_download_java_aes256.json")]
    [InlineData("certificates_download_go_aes128.json")]
    public void Certificate_downloads_decrypt_to_certificates_with_their_serial_and_validity(string file)
    {
        var v = Vector.Load(file);
        var entry = v.GetProperty("response_body").GetProperty("data")[0];
        var c = entry.GetProperty("encrypt_certificate");
        var pem = AeadAes256Gcm.Decrypt(Encoding.UTF8.GetBytes(v.Str("apiv3_key")), c.Str("nonce"), c.Str("associated_data"), c.Str("ciphertext"));
        using var certificate = X509Certificate2.CreateFromPem(pem);
        Assert.Equal(entry.Str("serial_no"), PlatformCertificateStore.Normalize(certificate.SerialNumber));
        Assert.Equal(DateTimeOffset.Parse(entry.Str("effective_time")), new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero));
        Assert.Equal(DateTimeOffset.Parse(entry.Str("expire_time")), new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero));
    }
}
