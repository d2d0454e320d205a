using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ImageCollection.Api.Tests.Infrastructure;

/// <summary>Schools and batches made through the staff API, as staff would.</summary>
public static class Seed
{
    private static int _schoolCode = 10000 + Random.Shared.Next(80000);

    public static string NextSchoolCode() => Interlocked.Increment(ref _schoolCode).ToString();

    public static async Task<JsonElement> SchoolAsync(HttpClient staff, string? code = null, string name = "示例大学")
    {
        var response = await staff.PostAsJsonAsync("/api/v1/staff/schools", new
        {
            name, code = code ?? NextSchoolCode(), regionCode = "19", category = "普通高校",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>An open batch whose payment and collection windows are open now, unless told otherwise.</summary>
    public static async Task<JsonElement> BatchAsync(HttpClient staff, Guid schoolId, string type = "online", string? featureCode = null,
        int graduationYear = 2027, string population = "全日制", TimeSpan? opensIn = null, TimeSpan? closesIn = null, bool open = true,
        long feeFen = 1500, string payer = "student")
    {
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(8));
        var opens = now + (opensIn ?? TimeSpan.FromDays(-1));
        var closes = now + (closesIn ?? TimeSpan.FromDays(7));
        var response = await staff.PostAsJsonAsync("/api/v1/staff/batches", new
        {
            featureCode, schoolId, collectionType = type,
            terms = new
            {
                population, graduationYear, feeFen, payer,
                paymentOpensAt = opens, paymentClosesAt = closes, collectionOpensAt = opens, collectionClosesAt = closes,
                submissionLimit = 3, resubmissionWindowHours = 48, allowedBackgrounds = new[] { "light_blue" },
            },
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        var batch = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (open)
        {
            var opened = await staff.PostAsync($"/api/v1/staff/batches/{batch.GetProperty("id").GetGuid()}/open", null);
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
            batch = await opened.Content.ReadFromJsonAsync<JsonElement>();
        }
        return batch;
    }

    /// <summary>A resident ID number with a correct GB 11643 check digit, different per call (random birth date and sequence).</summary>
    public static string IdNumber(string? birth = null)
    {
        birth ??= new DateOnly(1996, 1, 1).AddDays(Random.Shared.Next(0, 3650)).ToString("yyyyMMdd");
        var first17 = "4401" + Random.Shared.Next(10, 99) + birth + Random.Shared.Next(100, 999);
        return first17 + Core.Identity.IdentityDocuments.CheckCharacter(first17);
    }

    public static object Manual(string idNumber, string phone = "13812345678", string name = "张三") => new
    {
        acceptAgreement = true, agreementVersion = "2026-09", method = "manual", name, studentNumber = "2023" + Random.Shared.Next(100000, 999999),
        sex = "female", idType = "resident_id", idNumber, major = "计算机科学与技术", educationLevel = "普通本科",
        schoolName = "示例大学", schoolCategory = "普通高校", email = "student@example.edu.cn", phone,
    };
}
