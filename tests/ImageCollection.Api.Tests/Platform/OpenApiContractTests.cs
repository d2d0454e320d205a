using System.Text.Json;
using System.Text.Json.Nodes;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Testing;
using YamlDotNet.Serialization;

namespace ImageCollection.Api.Tests.Platform;

public sealed class OpenApiContractTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly string ContractPath = Path.Combine(RepoPaths.Root, "openapi.yaml");

    [Fact]
    public async Task Openapi_yaml_equals_the_document_the_api_serves()
    {
        var served = await (await StaffClientAsync()).GetStringAsync("/openapi/v1.yaml");
        if (Environment.GetEnvironmentVariable("IC_UPDATE_OPENAPI") == "1")
            await File.WriteAllTextAsync(ContractPath, served);

        Assert.True(File.Exists(ContractPath), "openapi.yaml is missing: run IC_UPDATE_OPENAPI=1 infra/test.sh --filter OpenApi");
        var expected = Normalise(await File.ReadAllTextAsync(ContractPath));
        var actual = Normalise(served);
        Assert.True(JsonNode.DeepEquals(expected, actual),
            "openapi.yaml differs from what the API serves. Review the change, then regenerate it with " +
            "IC_UPDATE_OPENAPI=1 dotnet test tests/ImageCollection.Api.Tests --filter OpenApi");
    }

    [Fact]
    public async Task The_json_and_yaml_documents_agree()
    {
        var staff = await StaffClientAsync();
        var yaml = Normalise(await staff.GetStringAsync("/openapi/v1.yaml"));
        var json = JsonNode.Parse(await staff.GetStringAsync("/openapi/v1.json"));
        Assert.True(JsonNode.DeepEquals(yaml, json));
        Assert.StartsWith("3.1", json!["openapi"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_contract_needs_a_staff_login_outside_development()
    {
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await api.CreateClient().GetAsync("/openapi/v1.yaml")).StatusCode);
        var (_, student) = await api.LoginStudentAsync("contract-reader");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, (await api.CreateClient(student).GetAsync("/openapi/v1.json")).StatusCode);
    }

    private async Task<HttpClient> StaffClientAsync() =>
        api.CreateClient((await api.LoginStaffAsync([Core.Domain.StaffRoles.Reviewer])).Token);

    /// <summary>YAML to a JSON tree, so formatting and key order do not matter; scalars compare as strings.</summary>
    private static JsonNode? Normalise(string yaml)
    {
        var graph = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build().Deserialize<object>(yaml);
        return JsonNode.Parse(JsonSerializer.Serialize(graph));
    }
}
