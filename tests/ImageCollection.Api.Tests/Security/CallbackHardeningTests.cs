using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.WechatPay;

namespace ImageCollection.Api.Tests.Security;

/// <summary>WeChat's callback endpoints answer malformed headers and bodies in WeChat's format with a 4xx, never a 500.</summary>
public sealed class CallbackHardeningTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    public static TheoryData<string> Paths => new() { "/api/v1/payments/wechat/notify", "/api/v1/payments/wechat/refund-notify" };

    private static HttpContent Body(string json, string timestamp, string nonce, string signature, string serial)
    {
        var content = new StringContent(json, Encoding.UTF8, "application/json");
        content.Headers.Add("Wechatpay-Timestamp", timestamp);
        content.Headers.Add("Wechatpay-Nonce", nonce);
        content.Headers.Add("Wechatpay-Signature", signature);
        content.Headers.Add("Wechatpay-Serial", serial);
        return content;
    }

    /// <summary>Signed as WeChat signs: with the emulator's WeChat Pay private key, under its public key id.</summary>
    private HttpContent Signed(string json)
    {
        using var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(api.EmulatorDataPath, "wechatpay_private.pem")));
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var nonce = WechatPaySignature.NewNonce();
        var signature = Convert.ToBase64String(key.SignData(WechatPaySignature.ResponseMessage(timestamp, nonce, Encoding.UTF8.GetBytes(json)),
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        return Body(json, timestamp, nonce, signature, File.ReadAllText(Path.Combine(api.EmulatorDataPath, "public_key_id.txt")).Trim());
    }

    private static async Task AssertWechatFailAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("FAIL", body.GetProperty("code").GetString());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Timestamps_outside_the_calendar_are_stale_not_errors(string path)
    {
        foreach (var timestamp in new[] { "99999999999999999", "-1", "9223372036854775807", "-9223372036854775808", "1e9", " 12" })
        {
            var response = await api.CreateClient().PostAsync(path, Body("{}", timestamp, "n", "c2lnbmF0dXJl", "PUB_KEY_ID_0114232134912410000000000000"));
            await AssertWechatFailAsync(response, HttpStatusCode.Unauthorized);
        }
        Assert.DoesNotContain(api.Logs.Lines, Problems.IsErrorLine);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task A_signed_body_that_is_not_a_notification_is_a_400(string path)
    {
        foreach (var json in new[] { "{}", """{"id":"n1","event_type":"TRANSACTION.SUCCESS"}""", """{"id":"n1","event_type":"REFUND.SUCCESS","resource":{}}""",
                     "[]", "null",
                     """{"id":"n1","event_type":"TRANSACTION.SUCCESS","resource":{"algorithm":"AEAD_AES_256_GCM","nonce":"x","ciphertext":null}}""" })
        {
            var response = await api.CreateClient().PostAsync(path, Signed(json));
            await AssertWechatFailAsync(response, HttpStatusCode.BadRequest);
        }
        Assert.DoesNotContain(api.Logs.Lines, Problems.IsErrorLine);
        Assert.Contains(api.Logs.Lines, l => l.StartsWith("Warning") && l.Contains("WeChat callback refused"));
    }
}
