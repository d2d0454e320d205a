using System.Security.Cryptography;
using ImageCollection.Core.Hosting;
using ImageCollection.Core.PersonalData;
using Microsoft.Extensions.Options;

namespace ImageCollection.Core.Tests.PersonalData;

public sealed class PersonalDataProtectorTests
{
    private static PersonalDataProtector Create(byte[]? hashKey = null) => new(Options.Create(new PersonalDataOptions
    {
        EncryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        HashKey = Convert.ToBase64String(hashKey ?? RandomNumberGenerator.GetBytes(32)),
    }));

    [Fact]
    public void Encrypts_with_a_fresh_nonce_and_decrypts_back()
    {
        var p = Create();
        var a = p.Encrypt(PersonalField.IdNumber, "44010619900101123X");
        var b = p.Encrypt(PersonalField.IdNumber, "44010619900101123X");

        Assert.NotEqual(a, b);
        Assert.Equal("44010619900101123X", p.Decrypt(PersonalField.IdNumber, a));
        Assert.DoesNotContain("4401"u8.ToArray(), a.Chunk(4).Select(c => c.ToArray()).ToArray());
    }

    [Fact]
    public void A_cipher_of_one_field_does_not_decrypt_as_another()
    {
        var p = Create();
        var cipher = p.Encrypt(PersonalField.Phone, "13812345678");
        Assert.ThrowsAny<CryptographicException>(() => p.Decrypt(PersonalField.IdNumber, cipher));
    }

    [Fact]
    public void A_changed_byte_fails_authentication()
    {
        var p = Create();
        var cipher = p.Encrypt(PersonalField.Phone, "13812345678");
        cipher[^3] ^= 1;
        Assert.ThrowsAny<CryptographicException>(() => p.Decrypt(PersonalField.Phone, cipher));
    }

    [Fact]
    public void Hashes_are_keyed_normalised_and_separated_by_field()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var p = Create(key);
        var same = Create(key);

        Assert.Equal(p.Hash(PersonalField.IdNumber, "44010619900101123x"), same.Hash(PersonalField.IdNumber, " 44010619900101123X "));
        Assert.NotEqual(p.Hash(PersonalField.IdNumber, "123"), p.Hash(PersonalField.StudentNumber, "123"));
        Assert.NotEqual(p.Hash(PersonalField.IdNumber, "123"), Create().Hash(PersonalField.IdNumber, "123"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("c2hvcnQ=")]
    [InlineData("not base64!")]
    public void Refuses_keys_that_are_not_32_bytes_of_base64(string key)
    {
        var error = Assert.Throws<ConfigurationException>(() => new PersonalDataProtector(Options.Create(
            new PersonalDataOptions { EncryptionKey = key, HashKey = Convert.ToBase64String(new byte[32]) })));
        Assert.Contains("PersonalData:EncryptionKey", error.Message);
    }

    [Theory]
    [InlineData("440106199001011234", "4401**********1234")]
    [InlineData("13812345678", "138****5678")]
    public void Masks_keep_only_the_ends(string value, string masked)
    {
        Assert.Equal(masked, value.Length == 11 ? Mask.Phone(value) : Mask.IdNumber(value));
    }
}
