using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Core.WechatPay;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImageCollection.WechatEmulator.Tests;

/// <summary>Notifications from the emulator to a real listener, parsed by our client: verified, decrypted, retried.</summary>
public sealed class NotificationTests(EmulatorFixture wx) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private WebApplication _receiver = null!;
    private readonly ConcurrentQueue<(int Status, string? OutTradeNo, string? Error)> _received = new();
    private string _url = "";
    private int _failFirst;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _receiver = builder.Build();
        _receiver.MapPost("/notify", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var headers = WechatPaySignedHeaders.From(n => http.Request.Headers[n].FirstOrDefault());
            try
            {
                if (Interlocked.Decrement(ref _failFirst) >= 0) throw new InvalidOperationException("busy");
                var n = await wx.Services.GetRequiredService<WechatPayNotifications>().TransactionAsync(headers, buffer.ToArray(), CancellationToken.None);
                _received.Enqueue((204, n.Resource.OutTradeNo, null));
                return Results.NoContent();
            }
            catch (Exception e) when (e is WechatPaySignatureException or InvalidOperationException)
            {
                _received.Enqueue((401, null, e.Message));
                return Results.Json(new { code = "FAIL", message = e.Message }, statusCode: 401);
            }
        });
        await _receiver.StartAsync();
        _url = _receiver.Urls.First() + "/notify";
    }

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private async Task<string> PaidOrder(object options)
    {
        var no = EmulatorFixture.NewNo("N");
        await wx.Client.PrepayAsync(wx.Order(no, notifyUrl: _url), CancellationToken.None);
        await wx.PayAsync(no, options);
        return no;
    }

    private async Task<List<JsonElement>> Deliveries(string no, int atLeast)
    {
        for (var i = 0; i < 100; i++)
        {
            var log = await wx.Control.GetFromJsonAsync<List<JsonElement>>($"/control/deliveries?key={no}");
            if (log!.Count >= atLeast) return log;
            await Task.Delay(50);
        }
        throw new TimeoutException($"fewer than {atLeast} deliveries for {no}");
    }

    [Fact]
    public async Task A_payment_notification_verifies_and_decrypts_to_the_transaction()
    {
        var no = await PaidOrder(new { });
        var log = await Deliveries(no, 1);
        Assert.Equal(204, log[0].GetProperty("status").GetInt32());
        Assert.Contains(_received, r => r.OutTradeNo == no);
    }

    [Fact]
    public async Task Prepared_notifications_pay_the_orders_and_verify_when_posted_by_someone_else()
    {
        var nos = new[] { EmulatorFixture.NewNo("P"), EmulatorFixture.NewNo("P") };
        foreach (var no in nos) await wx.Client.PrepayAsync(wx.Order(no, notifyUrl: _url), CancellationToken.None);

        var response = await wx.Control.PostAsJsonAsync("/control/notifications/prepared", new { outTradeNos = nos });
        response.EnsureSuccessStatusCode();
        var prepared = (await response.Content.ReadFromJsonAsync<List<JsonElement>>())!;
        Assert.Equal(2, prepared.Count);
        using var http = new HttpClient();
        foreach (var p in prepared)
        {
            Assert.Equal(_url, p.GetProperty("url").GetString());
            using var request = new HttpRequestMessage(HttpMethod.Post, p.GetProperty("url").GetString())
            {
                Content = new StringContent(p.GetProperty("body").GetString()!, System.Text.Encoding.UTF8, "application/json"),
            };
            foreach (var h in p.GetProperty("headers").EnumerateObject().Where(h => h.Name != "Content-Type"))
                request.Headers.TryAddWithoutValidation(h.Name, h.Value.GetString());
            Assert.Equal(204, (int)(await http.SendAsync(request)).StatusCode);
        }
        Assert.Equal(nos.Order(), _received.Where(r => r.Status == 204 && nos.Contains(r.OutTradeNo)).Select(r => r.OutTradeNo!).Order());
        foreach (var no in nos)
        {
            var order = await wx.Control.GetFromJsonAsync<JsonElement>($"/control/orders/{no}");
            Assert.Equal("SUCCESS", order.GetProperty("state").GetString());
            Assert.Empty(await wx.Control.GetFromJsonAsync<List<JsonElement>>($"/control/deliveries?key={no}") ?? []); // not delivered by the emulator
        }

        var again = await wx.Control.PostAsJsonAsync("/control/notifications/prepared", new { outTradeNos = nos });
        Assert.Empty((await again.Content.ReadFromJsonAsync<List<JsonElement>>())!); // paid orders are not paid twice
    }

    [Fact]
    public async Task Copies_arrive_concurrently_each_signed()
    {
        var no = await PaidOrder(new { copies = 5 });
        var log = await Deliveries(no, 5);
        Assert.All(log, d => Assert.Equal(204, d.GetProperty("status").GetInt32()));
    }

    [Theory]
    [InlineData("staleTimestamp")]
    [InlineData("tamper")]
    public async Task A_stale_or_tampered_first_attempt_is_refused_and_the_retry_is_accepted(string option)
    {
        var no = await PaidOrder(new Dictionary<string, bool> { [option] = true });
        var log = await Deliveries(no, 2);
        Assert.Equal(401, log[0].GetProperty("status").GetInt32());
        Assert.Equal(204, log[1].GetProperty("status").GetInt32());
        Assert.Equal(2, log[1].GetProperty("attempt").GetInt32());
    }

    [Fact]
    public async Task A_failed_answer_is_retried_on_the_compressed_schedule_until_accepted()
    {
        Interlocked.Exchange(ref _failFirst, 2);
        var no = await PaidOrder(new { });
        var log = await Deliveries(no, 3);
        Assert.Equal([401, 401, 204], log.Select(d => d.GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task A_dropped_notification_is_never_sent()
    {
        var no = await PaidOrder(new { drop = true });
        var log = await Deliveries(no, 1);
        Assert.Equal("dropped", log[0].GetProperty("error").GetString());
        await Task.Delay(200);
        Assert.DoesNotContain(_received, r => r.OutTradeNo == no);
    }
}
