using ImageCollection.Api.Tests.Infrastructure;

namespace ImageCollection.Api.Tests.Platform;

public sealed class ConfigurationTests
{
    private sealed class MisconfiguredApi : ApiFactory
    {
        public MisconfiguredApi(string key, string value) => Settings[key] = value;
    }

    [Theory]
    [InlineData("Auth:SigningKey", "", "Auth:SigningKey")]
    [InlineData("PersonalData:EncryptionKey", "", "PersonalData:EncryptionKey")]
    [InlineData("PersonalData:HashKey", "c2hvcnQ=", "PersonalData:HashKey")]
    [InlineData("Storage:Bucket", "Not_A_Bucket", "Storage:Bucket")]
    [InlineData("Wechat:MiniProgram:AppId", "", "Wechat:MiniProgram:AppId")]
    public async Task The_host_refuses_to_start_with_missing_or_bad_keys(string key, string value, string named)
    {
        await using var api = new MisconfiguredApi(key, value);
        var error = await Assert.ThrowsAnyAsync<Exception>(api.InitializeAsync);
        Assert.Contains(named, error.ToString());
        await api.DisposeAsync();
    }
}
