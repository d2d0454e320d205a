using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ImageCollection.Core.MiniProgram;
using ImageCollection.WechatEmulator.Crypto;
using Microsoft.Extensions.DependencyInjection;

namespace ImageCollection.WechatEmulator.Tests;

public sealed class EmulatorProtocolTests(EmulatorFixture wx) : IClassFixture<EmulatorFixture>
{
    private static readonly JsonElement Official = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors",
        "official_doc_test_key.json"))).RootElement;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void The_emulator_accepts_the_official_request_vectors_and_refuses_one_changed_byte(int index)
    {
        var c = Official.GetProperty("request_signing")[index];
        using var merchant = RSA.Create();
        merchant.ImportFromPem(Official.GetProperty("merchant").GetProperty("private_key_pkcs8_pem").GetString());
        var body = Encoding.UTF8.GetBytes(c.GetProperty("body").GetString()!);
        bool Verify(byte[] b, string path) => EmulatorCrypto.VerifyRequest(merchant, c.GetProperty("method").GetString()!, path,
            c.GetProperty("timestamp").GetRawText().Trim('"'), c.GetProperty("nonce_str").GetString()!, b,
                c.GetProperty("expected_signature_base64").GetString()!);

        Assert.True(Verify(body, c.GetProperty("url_path").GetString()!));
        Assert.False(Verify(body, c.GetProperty("url_path").GetString()! + "4"));
        if (body.Length > 0)
        {
            body[5] ^= 1;
            Assert.False(Verify(body, c.GetProperty("url_path").GetString()!));
        }
    }

    [Fact]
    public async Task A_request_signed_with_another_key_is_401_sign_error()
    {
        using var stranger = RSA.Create(2048);
        var ts = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var target = $"/v3/pay/transactions/out-trade-no/ANY123456?mchid={EmulatorFixture.MchId}";
        var signature = Convert.ToBase64String(stranger.SignData(Encoding.UTF8.GetBytes($"GET\n{target}\n{ts}\nNONCE\n\n"), HashAlgorithmName.SHA256,
            RSASignaturePadding.Pkcs1));
        using var request = new HttpRequestMessage(HttpMethod.Get, target);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"WECHATPAY2-SHA256-RSA2048 mchid=\"{EmulatorFixture.MchId}\",nonce_str=\"NONCE\",signature=\"{signature}\",timestamp=\"{ts}\",serial_no=\"X\"");
        request.Headers.Accept.ParseAdd("application/json");
        request.Headers.UserAgent.ParseAdd("test");
        var response = await wx.Control.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("SIGN_ERROR", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Requests_without_accept_or_user_agent_are_refused_as_wechat_does()
    {
        var response = await wx.Control.GetAsync($"/v3/pay/transactions/out-trade-no/ANY123456?mchid={EmulatorFixture.MchId}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("User-Agent", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_access_token_is_fetched_once_for_concurrent_senders_and_43101_is_a_normal_outcome()
    {
        var before = (await wx.Control.GetFromJsonAsync<JsonElement>("/control/tokens")).GetProperty("requests").GetInt32();
        var cache = wx.Services.GetRequiredService<AccessTokenCache>();
        var client = wx.Services.GetRequiredService<IMiniProgramClient>();
        var tokens = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => cache.GetAsync(client, CancellationToken.None)));
        Assert.Single(tokens.Distinct());
        var after = (await wx.Control.GetFromJsonAsync<JsonElement>("/control/tokens")).GetProperty("requests").GetInt32();
        Assert.True(after - before <= 1, $"{after - before} token requests");

        var sent = await client.SendSubscribeMessageAsync(tokens[0], new SubscribeMessage("oSubscriber", "TPL-REVIEW", "pages/photo/index",
            new Dictionary<string, string> { ["phrase1"] = "审核通过" }), CancellationToken.None);
        Assert.Equal(0, sent);
        (await wx.Control.PutAsync("/control/subscriptions/oRefuser?refuse=true", null)).EnsureSuccessStatusCode();
        var refused = await client.SendSubscribeMessageAsync(tokens[0], new SubscribeMessage("oRefuser", "TPL-REVIEW", null,
            new Dictionary<string, string> { ["phrase1"] = "审核通过" }), CancellationToken.None);
        Assert.Equal(43101, refused);
        Assert.Contains("oSubscriber", (await wx.Control.GetStringAsync("/control/messages")));
    }
}
