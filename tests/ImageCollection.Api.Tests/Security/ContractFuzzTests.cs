using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using ImageCollection.Testing;
using Npgsql;
using YamlDotNet.Serialization;

namespace ImageCollection.Api.Tests.Security;

/// <summary>The records the fuzzed requests point at, and an admin and a student to send them (no worker: nothing else writes).</summary>
public sealed class ContractFuzzFixture : ApiFactory
{
    public ContractFuzzFixture()
    {
        Settings["Auth:StaffLoginPermitsPerMinute"] = "100000";
        Settings["Auth:EnrollmentAttemptsPerMinute"] = "100000";
    }

    /// <summary>Kestrel itself, as probes meet it (the in-memory test server cannot carry a NUL in a path).</summary>
    protected override bool UseRealServer => true;

    public HttpClient Admin { get; private set; } = null!;
    public HttpClient Student { get; private set; } = null!;
    public Dictionary<string, string> Ids { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Admin = CreateClient((await LoginStaffAsync([StaffRoles.Admin])).Token);
        var school = await Seed.SchoolAsync(Admin);
        var batch = await Seed.BatchAsync(Admin, school.GetProperty("id").GetGuid());
        var onsite = await Seed.BatchAsync(Admin, school.GetProperty("id").GetGuid(), type: "onsite");
        var session = await (await Admin.PostAsJsonAsync($"/api/v1/staff/batches/{onsite.GetProperty("id").GetGuid()}/sessions", AccessMatrixFixture.Session))
            .Content.ReadFromJsonAsync<JsonElement>();
        var (_, token) = await LoginStudentAsync("fuzz" + Guid.NewGuid().ToString("N")[..8]);
        Student = CreateClient(token);
        var enrollment = await (await Student.PostAsJsonAsync($"/api/v1/batches/{batch.GetProperty("featureCode").GetString()}/enrollments",
            Seed.Manual(Seed.IdNumber()))).Content.ReadFromJsonAsync<JsonElement>();
        using var orderRequest = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/enrollments/{enrollment.GetProperty("id").GetGuid()}/orders");
        orderRequest.Headers.Add("Idempotency-Key", "fuzz-order");
        var order = await (await Student.SendAsync(orderRequest)).Content.ReadFromJsonAsync<JsonElement>();
        var user = await (await Admin.PostAsJsonAsync("/api/v1/staff/users", new
        {
            userName = "fuzzed", displayName = "F", password = "a-long-password", roles = new[] { "reviewer" },
        })).Content.ReadFromJsonAsync<JsonElement>();
        Ids["schools"] = school.GetProperty("id").GetString()!;
        Ids["batches"] = batch.GetProperty("id").GetString()!;
        Ids["featureCode"] = batch.GetProperty("featureCode").GetString()!;
        Ids["sessions"] = session.GetProperty("id").GetString()!;
        Ids["onsiteBatch"] = onsite.GetProperty("id").GetString()!;
        Ids["enrollments"] = enrollment.GetProperty("id").GetString()!;
        Ids["orders"] = order.GetProperty("id").GetString()!;
        Ids["users"] = user.GetProperty("id").GetString()!;
    }

    /// <summary>Row counts and content hashes of every application table: equal before and after means nothing was written.</summary>
    public async Task<string> SnapshotAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' "
            + "and table_name <> '__ef_migrations_history' order by 1",
            connection))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        var sql = string.Join(" union all ",
            tables.Select(t => $"select '{t}' || ':' || count(*) || ':' || coalesce(sum(hashtextextended(x::text, 0)), 0) from \"{t}\" x"));
        var parts = new List<string>();
        await using (var snapshot = new NpgsqlCommand(sql, connection))
        await using (var reader = await snapshot.ExecuteReaderAsync())
            while (await reader.ReadAsync()) parts.Add(reader.GetString(0));
        return string.Join("\n", parts);
    }
}

/// <summary>
/// Walks <c>openapi.yaml</c> and sends every operation what a probe sends: malformed JSON, wrong types, missing required
/// fields, numbers and times out of range, oversized strings, NUL and control characters, nulls in lists, wrong content
/// types, bad query values. No answer may be a 5xx; every 4xx is problem+json with a stable code (the WeChat callbacks
/// answer in WeChat's format); and a refused request writes nothing.
/// </summary>
public sealed class ContractFuzzTests(ContractFuzzFixture f) : IClassFixture<ContractFuzzFixture>
{
    private static readonly JsonNode Contract = LoadContract();

    private static JsonNode LoadContract()
    {
        var graph = new DeserializerBuilder().WithAttemptingUnquotedStringTypeDeserialization().Build()
            .Deserialize<object>(File.ReadAllText(Path.Combine(RepoPaths.Root, "openapi.yaml")));
        return JsonNode.Parse(JsonSerializer.Serialize(graph))!;
    }

    public static TheoryData<string, string> Operations()
    {
        var data = new TheoryData<string, string>();
        foreach (var (path, item) in Contract["paths"]!.AsObject())
        foreach (var (method, _) in item!.AsObject())
            data.Add(method.ToUpperInvariant(), path);
        return data;
    }

    private sealed record Variant(string What, string Url, HttpContent? Content);

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task No_malformed_request_gets_a_5xx_or_writes_anything(string method, string path)
    {
        var operation = Contract["paths"]![path]![method.ToLowerInvariant()]!;
        var callback = path.StartsWith("/api/v1/payments/wechat/", StringComparison.Ordinal);
        var client = path.StartsWith("/api/v1/staff/auth/logout", StringComparison.Ordinal) ? f.CreateClient()
            : path.StartsWith("/api/v1/staff/", StringComparison.Ordinal) ? f.Admin : f.Student;
        var failures = new List<string>();
        foreach (var variant in Variants(path, operation))
        {
            var before = await f.SnapshotAsync();
            using var request = new HttpRequestMessage(new HttpMethod(method), variant.Url) { Content = variant.Content };
            if (operation["parameters"]?.AsArray().Any(p => p!["name"]!.GetValue<string>() == "Idempotency-Key") == true)
                request.Headers.TryAddWithoutValidation("Idempotency-Key", "fuzz-" + Guid.NewGuid().ToString("N"));
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            var label = $"{variant.What} → {status} {text[..Math.Min(160, text.Length)]}";
            if (status >= 500) failures.Add(label);
            if (status is < 400 or >= 500) continue;
            if (!callback && !IsProblemWithCode(response, text) && !RefusedByKestrel(variant, response, text))
                failures.Add("not a problem with a code: " + label);
            if (await f.SnapshotAsync() != before) failures.Add("wrote although refused: " + label);
        }
        Assert.True(failures.Count == 0, $"{method} {path}:\n" + string.Join("\n", failures));
    }

    /// <summary>
    /// A request line Kestrel refuses before any application code runs (a NUL decoded into the path: 400; a request
    /// line over its 8 KB limit: 414), answered by Kestrel itself with an empty body (README, Security).
    /// </summary>
    private static bool RefusedByKestrel(Variant variant, HttpResponseMessage response, string text) =>
        (variant.What.StartsWith("path ", StringComparison.Ordinal) || variant.What.StartsWith("query ", StringComparison.Ordinal))
        && (int)response.StatusCode is 400 or 414 && text.Length == 0;

    private static bool IsProblemWithCode(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json") return false;
        try { return JsonDocument.Parse(text).RootElement.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 }; }
        catch (JsonException) { return false; }
    }

    private IEnumerable<Variant> Variants(string path, JsonNode operation)
    {
        var url = Url(path, operation, null, null);
        var body = operation["requestBody"]?["content"];
        var json = body?["application/json"]?["schema"];
        if (json is not null)
        {
            var sample = Sample(json, "body")!;
            yield return new("valid-looking body", url, Json(sample));
            yield return new("malformed JSON", url, new StringContent("{\"a\":", Encoding.UTF8, "application/json"));
            yield return new("empty body", url, new StringContent("", Encoding.UTF8, "application/json"));
            yield return new("an array instead of an object", url, new StringContent("[]", Encoding.UTF8, "application/json"));
            yield return new("the same key twice", url, new StringContent("{\"a\":1,\"a\":2}", Encoding.UTF8, "application/json"));
            yield return new("plain text", url, new StringContent(sample.ToJsonString(), Encoding.UTF8, "text/plain"));
            foreach (var (field, mutate) in Mutations(json, "body"))
            {
                var copy = sample.DeepClone();
                mutate(copy);
                yield return new($"body {field}", url, Json(copy));
            }
        }
        else if (body is not null)
        {
            yield return new("JSON instead of a photo", url, new StringContent("{}", Encoding.UTF8, "application/json"));
            yield return new("text instead of a photo", url, new StringContent("hello", Encoding.UTF8, "text/plain"));
            yield return new("random bytes as a JPEG", url, Bytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4096), "image/jpeg"));
            yield return new("an empty JPEG", url, Bytes([], "image/jpeg"));
            yield return new("a multipart form without a file", url, new MultipartFormDataContent { { new StringContent("x"), "note" } });
            yield return new("a pixel bomb", url, Bytes(CraftedFiles.Jpeg(16000, 16000, commentBytes: 300 * 1024), "image/jpeg"));
        }
        else
        {
            yield return new("no body", url, null);
            yield return new("an unexpected JSON body", url, new StringContent("{\"x\":\"\\u0000\"}", Encoding.UTF8, "application/json"));
        }
        foreach (var parameter in operation["parameters"]?.AsArray() ?? [])
        {
            var name = parameter!["name"]!.GetValue<string>();
            var where = parameter["in"]!.GetValue<string>();
            if (where == "header") continue;
            foreach (var (what, value) in BadValues(parameter["schema"]!))
                yield return new($"{where} {name} {what}", Url(path, operation, name, value), json is null ? null : Json(Sample(json, "body")!));
        }
    }

    private static IEnumerable<(string, string)> BadValues(JsonNode schema)
    {
        yield return ("NUL", "a%00b");
        yield return ("escape", "%1B%5B31m");
        yield return ("right-to-left override", "%E2%80%AE");
        yield return ("100,000 characters", new string('a', 100_000));
        if (TypeOf(schema) is "integer" or "number")
        {
            yield return ("not a number", "abc");
            yield return ("huge", "99999999999999999999");
            yield return ("negative", "-2147483648");
        }
        if (schema["format"]?.GetValue<string>() == "uuid") yield return ("not a uuid", "not-a-uuid");
    }

    private string Url(string path, JsonNode operation, string? overridden, string? value)
    {
        var segments = path.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            if (!segments[i].StartsWith('{')) continue;
            var name = segments[i].Trim('{', '}');
            segments[i] = name == overridden ? value! : PathValue(name, i > 0 ? segments[i - 1] : "");
        }
        var query = (operation["parameters"]?.AsArray() ?? []).Where(p => p!["in"]!.GetValue<string>() == "query")
            .Select(p => p!["name"]!.GetValue<string>())
            .Select(n => n == overridden ? $"{n}={value}" : null).OfType<string>().ToList();
        return string.Join('/', segments) + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    private string PathValue(string name, string collection) => name switch
    {
        "featureCode" => f.Ids["featureCode"],
        "batchId" => f.Ids["batches"],
        "sessionId" => f.Ids["sessions"],
        "schoolId" => f.Ids["schools"],
        _ => f.Ids.TryGetValue(collection, out var id) ? id : Guid.NewGuid().ToString(),
    };

    /// <summary>A value the schema accepts, using the fixture's records for identifiers.</summary>
    private JsonNode? Sample(JsonNode schema, string name)
    {
        schema = Resolve(schema);
        if (schema["enum"] is JsonArray values) return values[0]!.DeepClone();
        return TypeOf(schema) switch
        {
            "object" => new JsonObject((schema["properties"]?.AsObject() ?? []).Select(p => KeyValuePair.Create(p.Key, Sample(p.Value!, p.Key)))),
            "array" => new JsonArray(Sample(schema["items"]!, name)),
            "integer" or "number" => name.Contains("Fen", StringComparison.Ordinal) ? 100 : name == "graduationYear" ? 2027 : 1,
            "boolean" => true,
            "string" => schema["format"]?.GetValue<string>() switch
            {
                "uuid" => name.StartsWith("session", StringComparison.Ordinal) ? f.Ids["sessions"]
                    : name.StartsWith("school", StringComparison.Ordinal) ? f.Ids["schools"]
                    : name.StartsWith("enrollment", StringComparison.Ordinal) ? f.Ids["enrollments"] : Guid.NewGuid().ToString(),
                "date-time" => "2027-03-01T09:00:00+08:00",
                "date" => DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3)).ToString("yyyy-MM-dd"),
                _ => "示例",
            },
            _ => null,
        };
    }

    /// <summary>For each field (nested objects included): the ways to break it, each applied to a copy of the sample.</summary>
    private IEnumerable<(string Field, Action<JsonNode> Mutate)> Mutations(JsonNode schema, string path)
    {
        schema = Resolve(schema);
        if (TypeOf(schema) != "object") yield break;
        var required = schema["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToHashSet() ?? [];
        foreach (var (name, raw) in schema["properties"]?.AsObject() ?? [])
        {
            var property = Resolve(raw!);
            var field = $"{path}.{name}";
            JsonObject Parent(JsonNode root) => Navigate(root, path);
            if (required.Contains(name)) yield return ($"{field} missing", root => Parent(root).Remove(name));
            yield return ($"{field} null", root => Parent(root)[name] = null);
            var type = property["enum"] is not null ? "enum" : TypeOf(property);
            switch (type)
            {
                case "string":
                    yield return ($"{field} a number", root => Parent(root)[name] = 12345);
                    yield return ($"{field} NUL", root => Parent(root)[name] = "a\u0000b");
                    yield return ($"{field} escape", root => Parent(root)[name] = "\u001b[31mred");
                    yield return ($"{field} right-to-left override", root => Parent(root)[name] = "gpj.\u202Eexe");
                    yield return ($"{field} line breaks", root => Parent(root)[name] = "one\r\ntwo");
                    yield return ($"{field} 100,000 characters", root => Parent(root)[name] = new string('字', 100_000));
                    if (property["format"]?.GetValue<string>() is "date-time")
                    {
                        yield return ($"{field} year 9999", root => Parent(root)[name] = "9999-12-31T23:59:59+00:00");
                        yield return ($"{field} year 1", root => Parent(root)[name] = "0001-01-01T00:00:00+00:00");
                        yield return ($"{field} no such day", root => Parent(root)[name] = "2027-13-45T99:00:00Z");
                    }
                    if (property["format"]?.GetValue<string>() is "date") yield return ($"{field} year 9999", root => Parent(root)[name] = "9999-12-31");
                    break;
                case "enum":
                    yield return ($"{field} unknown value", root => Parent(root)[name] = "no_such_value");
                    yield return ($"{field} a number", root => Parent(root)[name] = 7);
                    break;
                case "integer" or "number":
                    yield return ($"{field} a string", root => Parent(root)[name] = "12");
                    yield return ($"{field} long max", root => Parent(root)[name] = long.MaxValue);
                    yield return ($"{field} long min", root => Parent(root)[name] = long.MinValue);
                    yield return ($"{field} -1", root => Parent(root)[name] = -1);
                    yield return ($"{field} a fraction", root => Parent(root)[name] = 1.5);
                    yield return ($"{field} beyond 64 bits", root => Parent(root)[name] = JsonNode.Parse("123456789012345678901234567890"));
                    break;
                case "boolean":
                    yield return ($"{field} a string", root => Parent(root)[name] = "yes");
                    break;
                case "array":
                    yield return ($"{field} a string", root => Parent(root)[name] = "x");
                    yield return ($"{field} holding null", root => Parent(root)[name] = new JsonArray((JsonNode?)null));
                    yield return ($"{field} 10,000 items", root => Parent(root)[name] = new JsonArray(Enumerable.Range(0,
                        10_000).Select(i => (JsonNode?)JsonValue.Create("x" + i)).ToArray()));
                    break;
                case "object":
                    yield return ($"{field} a number", root => Parent(root)[name] = 7);
                    foreach (var nested in Mutations(property, field)) yield return nested;
                    break;
            }
        }
    }

    private static JsonObject Navigate(JsonNode root, string path)
    {
        var node = root;
        foreach (var part in path.Split('.').Skip(1)) node = node[part] ??= new JsonObject();
        return node.AsObject();
    }

    private static JsonNode Resolve(JsonNode schema)
    {
        if (schema["$ref"]?.GetValue<string>() is { } reference) return Resolve(Contract["components"]!["schemas"]![reference.Split('/')[^1]]!);
        if (schema["oneOf"] is JsonArray options) return Resolve(options.First(o => o!["type"]?.GetValue<string>() != "null")!);
        return schema;
    }

    private static string? TypeOf(JsonNode schema) => schema["type"] switch
    {
        JsonValue v => v.GetValue<string>(),
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
        _ => schema["properties"] is not null ? "object" : null,
    };

    private static StringContent Json(JsonNode node) => new(node.ToJsonString(), Encoding.UTF8, "application/json");

    private static ByteArrayContent Bytes(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return content;
    }
}
