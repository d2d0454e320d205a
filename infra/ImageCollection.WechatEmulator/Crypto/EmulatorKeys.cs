using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace ImageCollection.WechatEmulator.Crypto;

/// <summary>
/// The emulator's own key material, created once under <c>Emulator:DataPath</c> and reused: its RSA key (published as a
/// <c>PUB_KEY_ID_…</c>), the APIv3 key it encrypts with, and the merchant public key it verifies requests with.
/// </summary>
public sealed class EmulatorKeys
{
    public EmulatorKeys(IConfiguration configuration, ILogger<EmulatorKeys> logger)
    {
        DataPath = configuration["Emulator:DataPath"] is { Length: > 0 } p ? p : Path.Combine(Path.GetTempPath(), "ic-wechat-emulator");
        Directory.CreateDirectory(DataPath);
        PublicKeyPath = Path.Combine(DataPath, "wechatpay_public.pem");
        var privatePath = Path.Combine(DataPath, "wechatpay_private.pem");
        SigningKey = RSA.Create(2048);
        if (File.Exists(privatePath)) SigningKey.ImportFromPem(File.ReadAllText(privatePath));
        else
        {
            File.WriteAllText(privatePath, SigningKey.ExportPkcs8PrivateKeyPem());
            File.WriteAllText(PublicKeyPath, SigningKey.ExportSubjectPublicKeyInfoPem());
        }
        PublicKeyId = ReadOrCreate("public_key_id.txt", () => "PUB_KEY_ID_0114" + string.Concat(Enumerable.Range(0,
            28).Select(_ => RandomNumberGenerator.GetInt32(10))));
        _certificate = new Lazy<X509Certificate2>(LoadOrCreateCertificate);
        var configuredV3 = configuration["Emulator:ApiV3Key"] ?? configuration["WechatPay:ApiV3Key"];
        GeneratedApiV3Key = string.IsNullOrEmpty(configuredV3);
        ApiV3Key = GeneratedApiV3Key ? ReadOrCreate("apiv3_key.txt", () => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))) : configuredV3!;

        var merchant = configuration["Emulator:MerchantPublicKey"];
        if (!string.IsNullOrEmpty(merchant))
        {
            MerchantPublicKey = RSA.Create();
            MerchantPublicKey.ImportFromPem(merchant.Contains("-----BEGIN") ? merchant : File.ReadAllText(merchant));
        }
        else logger.LogWarning("Emulator:MerchantPublicKey is not set: every pay API request will be refused with SIGN_ERROR");
    }

    /// <summary>
    /// A platform certificate for the signing key (legacy certificate mode), made once and kept in the data folder:
    /// self-signed, valid five years, a 20-byte serial written as 40 hex digits like WeChat's.
    /// </summary>
    public X509Certificate2 PlatformCertificate => _certificate.Value;

    public string PlatformCertificateSerial => PlatformCertificate.SerialNumber;

    private readonly Lazy<X509Certificate2> _certificate;

    private X509Certificate2 LoadOrCreateCertificate()
    {
        var path = Path.Combine(DataPath, "wechatpay_platform_certificate.pem");
        if (File.Exists(path)) return X509Certificate2.CreateFromPem(File.ReadAllText(path));
        var request = new CertificateRequest("CN=WeChat Pay emulator platform certificate, O=ImageCollection", SigningKey,
            HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var serial = RandomNumberGenerator.GetBytes(20);
        serial[0] = (byte)(0x10 + serial[0] % 0x60); // no leading zero, no sign bit
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.Create(request.SubjectName, X509SignatureGenerator.CreateForRSA(SigningKey, RSASignaturePadding.Pkcs1),
            now.AddDays(-1), now.AddYears(5), serial);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return X509Certificate2.CreateFromPem(File.ReadAllText(path));
    }

    public string DataPath { get; }
    public string PublicKeyPath { get; }
    public string PublicKeyId { get; }
    public RSA SigningKey { get; }
    public string ApiV3Key { get; }
    public bool GeneratedApiV3Key { get; }
    public RSA? MerchantPublicKey { get; }

    /// <summary>The settings an API needs to trust this emulator, as environment variables.</summary>
    public string ApiEnvironment(string baseUrl)
    {
        var lines = new StringBuilder()
            .AppendLine($"WechatPay__BaseUrl={baseUrl}")
            .AppendLine($"Wechat__MiniProgram__BaseUrl={baseUrl}")
            .AppendLine($"WechatPay__PublicKeyId={PublicKeyId}")
            .AppendLine($"WechatPay__PublicKey={PublicKeyPath}");
        if (GeneratedApiV3Key) lines.AppendLine($"WechatPay__ApiV3Key={ApiV3Key}");
        return lines.ToString();
    }

    private string ReadOrCreate(string file, Func<string> create)
    {
        var path = Path.Combine(DataPath, file);
        if (File.Exists(path)) return File.ReadAllText(path).Trim();
        var value = create();
        File.WriteAllText(path, value);
        return value;
    }
}
