using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ImageCollection.Core.WechatPay;
using Microsoft.Extensions.DependencyInjection;

namespace ImageCollection.WechatEmulator.Tests;

/// <summary>The emulator in legacy certificate mode, and the client configured to download platform certificates.</summary>
public sealed class CertificateModeFixture : EmulatorFixture
{
    protected override string[] ExtraEmulatorArguments => ["--Emulator:PlatformCertificate=true"];
    protected override Dictionary<string, string?> ExtraClientSettings => new() { ["WechatPay:PlatformCertificates"] = "download" };
}

/// <summary>Downloading <c>/v3/certificates</c> from the emulator: decrypt, verify with the certificate it brings, keep.</summary>
public sealed class PlatformCertificateTests(CertificateModeFixture wx) : IClassFixture<CertificateModeFixture>
{
    private X509Certificate2 EmulatorCertificate() =>
        X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(wx.DataPath, "wechatpay_platform_certificate.pem")));

    [Fact]
    public async Task The_certificate_list_is_downloaded_verified_and_its_key_kept_under_its_serial()
    {
        var store = wx.Services.GetRequiredService<PlatformCertificateStore>();
        Assert.True(store.Enabled);
        Assert.True(await store.RefreshAsync(CancellationToken.None));

        using var certificate = EmulatorCertificate();
        Assert.Matches("^[0-9A-F]{40}$", certificate.SerialNumber);
        Assert.Contains(certificate.SerialNumber, store.Serials);
        // The kept key is the emulator's signing key: it verifies what the emulator signs.
        var key = store.Find(certificate.SerialNumber.ToLowerInvariant())!;
        using var published = RSA.Create();
        published.ImportFromPem(await File.ReadAllTextAsync(Path.Combine(wx.DataPath, "wechatpay_public.pem")));
        Assert.Equal(published.ExportSubjectPublicKeyInfo(), key.ExportSubjectPublicKeyInfo());

        var requests = await wx.Control.GetFromJsonAsync<List<System.Text.Json.JsonElement>>("/control/requests?pathPrefix=/v3/certificates");
        Assert.Contains(requests!, r => r.GetProperty("status").GetInt32() == 200 && r.GetProperty("signatureValid").GetBoolean());
    }

    [Fact]
    public async Task A_tampered_certificate_list_is_refused_and_the_certificates_already_held_are_kept()
    {
        var store = wx.Services.GetRequiredService<PlatformCertificateStore>();
        Assert.True(await store.RefreshAsync(CancellationToken.None));
        var held = store.Serials.ToList();

        (await wx.Control.PostAsJsonAsync("/control/faults", new { pathPrefix = "/v3/certificates", method = "GET",
            tamperResponse = true })).EnsureSuccessStatusCode();
        Assert.False(await store.RefreshAsync(CancellationToken.None));
        Assert.Equal(held, store.Serials);
        Assert.True(await store.RefreshAsync(CancellationToken.None)); // the next answer is genuine
    }
}
