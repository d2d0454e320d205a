using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using ImageCollection.Core.WechatPay;

namespace ImageCollection.Core.Tests.WechatPay;

/// <summary>Request signing, paySign and plain SHA256withRSA against every signing vector.</summary>
public sealed class SigningVectorTests
{
    private static RSA Key(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return rsa;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Official_doc_requests_sign_byte_for_byte(int index)
    {
        var v = Vector.Load("official_doc_test_key.json");
        var c = v.GetProperty("request_signing")[index];
        var message = WechatPaySignature.RequestMessage(c.Str("method"), c.Str("url_path"), long.Parse(c.Str("timestamp")), c.Str("nonce_str"), c.Str("body"));

        Assert.Equal(c.Str("string_to_sign"), message);
        using var key = Key(v.Str("merchant", "private_key_pkcs8_pem"));
        Assert.Equal(c.Str("expected_signature_base64"), WechatPaySignature.Sign(key, message));
    }

    [Fact]
    public void The_authorization_header_is_the_documented_one()
    {
        var v = Vector.Load("official_doc_test_key.json");
        var c = v.GetProperty("request_signing")[1];
        var header = WechatPaySignature.Authorization(v.Str("merchant", "mchid"), c.Str("nonce_str"), c.Str("expected_signature_base64"),
            long.Parse(c.Str("timestamp")), v.Str("merchant", "serial_no"));
        Assert.Equal(c.Str("expected_authorization"), header);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Go_sdk_strings_to_sign_keep_every_trailing_newline(int index)
    {
        var v = Vector.Load("authorization_format_go.json");
        var c = v.GetProperty("cases")[index];
        Assert.Equal(c.Str("expected_string_to_sign"),
            WechatPaySignature.RequestMessage(c.Str("method"), c.Str("canonical_url"), long.Parse(v.Str("timestamp")), v.Str("nonce_str"), c.Str("body")));
    }

    [Fact]
    public void The_mini_program_pay_sign_matches_the_documented_value()
    {
        var v = Vector.Load("official_doc_test_key.json");
        var p = v.GetProperty("pay_sign");
        var message = WechatPaySignature.PaySignMessage(p.Str("appId"), p.Str("timeStamp"), p.Str("nonceStr"), p.Str("package"));
        Assert.Equal(p.Str("string_to_sign"), message);
        using var key = Key(v.Str("merchant", "private_key_pkcs8_pem"));
        Assert.Equal(p.Str("expected_paySign"), WechatPaySignature.Sign(key, message));
    }

    [Fact]
    public void Go_sdk_signature_of_source_signs_and_verifies()
    {
        var v = Vector.Load("rsa_sign_go_source.json");
        using var key = Key(v.Str("private_key_pkcs8_pem"));
        using var pub = Key(v.Str("public_key_spki_pem"));
        Assert.Equal(v.Str("expected_signature_base64"), WechatPaySignature.Sign(key, v.Str("message")));
        Assert.True(WechatPaySignature.Verify(pub, Encoding.UTF8.GetBytes(v.Str("message")), v.Str("expected_signature_base64")));
    }

    [Fact]
    public void Java_sdk_signature_verifies_with_its_certificate_and_not_with_another_key()
    {
        var v = Vector.Load("rsa_sign_java_message.json");
        using var key = Key(v.Str("private_key_pkcs8_pem"));
        var signature = WechatPaySignature.Sign(key, v.Str("message"));
        Assert.Equal(v.Str("expected_signature_base64"), signature);

        using var certificate = X509Certificate2.CreateFromPem(v.Str("certificate_pem"));
        Assert.Equal(v.Str("certificate_serial_hex"), certificate.SerialNumber, ignoreCase: true);
        Assert.True(WechatPaySignature.Verify(certificate.GetRSAPublicKey()!, Encoding.UTF8.GetBytes(v.Str("message")), signature));
        using var other = Key(v.Str("negative_check", "public_key_spki_pem"));
        Assert.False(WechatPaySignature.Verify(other, Encoding.UTF8.GetBytes(v.Str("message")), signature));
    }

    [Fact]
    public void Skit_4096_bit_pkcs8_and_pkcs1_keys_sign_the_same_and_every_public_form_verifies()
    {
        var v = Vector.Load("rsa_sign_skit_4096.json");
        using var pkcs8 = Key(v.Str("private_key_pkcs8_pem"));
        using var pkcs1 = Key(v.Str("private_key_pkcs1_pem"));
        Assert.Equal(v.Str("sign", "expected_signature_base64"), WechatPaySignature.Sign(pkcs8, v.Str("sign", "message")));
        Assert.Equal(v.Str("sign", "expected_signature_base64"), WechatPaySignature.Sign(pkcs1, v.Str("sign", "message")));

        var message = Encoding.UTF8.GetBytes(v.Str("verify", "message"));
        using var spki = Key(v.Str("public_key_spki_pem"));
        using var pkcs1Public = Key(v.Str("public_key_pkcs1_pem"));
        using var certificate = X509Certificate2.CreateFromPem(v.Str("certificate_pem"));
        foreach (var key in new[] { spki, pkcs1Public, certificate.GetRSAPublicKey()! })
            Assert.True(WechatPaySignature.Verify(key, message, v.Str("verify", "signature_base64")));
        Assert.Equal(v.Str("certificate_serial_hex"), certificate.SerialNumber, ignoreCase: true);
    }
}
