using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Batches;

public sealed class BatchTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<HttpClient> Support() => api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);

    [Fact]
    public async Task A_student_finds_a_batch_by_its_code_ignoring_case()
    {
        var staff = await Support();
        var school = await Seed.SchoolAsync(staff);
        var code = "Q" + Guid.NewGuid().ToString("N")[..4].ToUpperInvariant();
        await Seed.BatchAsync(staff, school.GetProperty("id").GetGuid(), featureCode: code.ToLowerInvariant());

        var response = await api.CreateClient().GetAsync($"/api/v1/batches/{code.ToLowerInvariant()}");
        var batch = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(code, batch.GetProperty("featureCode").GetString());
        Assert.Equal(1500, batch.GetProperty("feeFen").GetInt64());
        Assert.EndsWith("+08:00", batch.GetProperty("collectionClosesAt").GetString());
        Assert.Equal(0, batch.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task An_unknown_or_draft_code_is_404()
    {
        var staff = await Support();
        var school = await Seed.SchoolAsync(staff);
        var draft = await Seed.BatchAsync(staff, school.GetProperty("id").GetGuid(), open: false);

        await (await api.CreateClient().GetAsync("/api/v1/batches/ZZZZZZ")).AssertProblemAsync(HttpStatusCode.NotFound, "batch.not_found");
        await (await api.CreateClient().GetAsync($"/api/v1/batches/{draft.GetProperty("featureCode").GetString()}"))
            .AssertProblemAsync(HttpStatusCode.NotFound, "batch.not_found");
    }

    [Fact]
    public async Task Generated_codes_have_six_unambiguous_characters_and_given_codes_are_unique_ignoring_case()
    {
        var staff = await Support();
        var school = (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid();
        var generated = (await Seed.BatchAsync(staff, school)).GetProperty("featureCode").GetString()!;
        Assert.Matches("^[A-HJKMNP-Z2-9]{6}$", generated);

        var given = "Ab" + Random.Shared.Next(1000, 9999);
        await Seed.BatchAsync(staff, school, featureCode: given);
        var again = await staff.PostAsJsonAsync("/api/v1/staff/batches", new
        {
            featureCode = given.ToUpperInvariant(), schoolId = school, collectionType = "walk_in",
            terms = new
            {
                population = "全日制", graduationYear = 2027, feeFen = 6000, payer = "student",
                paymentOpensAt = DateTimeOffset.Now, paymentClosesAt = DateTimeOffset.Now.AddDays(3),
                collectionOpensAt = DateTimeOffset.Now, collectionClosesAt = DateTimeOffset.Now.AddDays(3),
            },
        });
        await again.AssertProblemAsync(HttpStatusCode.Conflict, "batch.feature_code_taken");
    }

    [Fact]
    public async Task Windows_and_fee_are_validated_with_field_names()
    {
        var staff = await Support();
        var school = (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid();
        var response = await staff.PostAsJsonAsync("/api/v1/staff/batches", new
        {
            featureCode = "AB", schoolId = school, collectionType = "online",
            terms = new
            {
                population = "全日制", graduationYear = 2027, feeFen = 0, payer = "student",
                paymentOpensAt = DateTimeOffset.Now, paymentClosesAt = DateTimeOffset.Now.AddDays(-1),
                collectionOpensAt = DateTimeOffset.Now, collectionClosesAt = DateTimeOffset.Now.AddDays(3),
            },
        });
        await response.AssertValidationProblemAsync("featureCode", "terms.feeFen", "terms.paymentClosesAt");
    }

    [Fact]
    public async Task The_refund_window_defaults_to_a_week_after_collection_and_changes_are_audited()
    {
        var (staffId, token) = await api.LoginStaffAsync([StaffRoles.Support]);
        var staff = api.CreateClient(token);
        var school = (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid();
        var batch = await Seed.BatchAsync(staff, school, open: false);
        var id = batch.GetProperty("id").GetGuid();
        Assert.Equal(batch.GetProperty("collectionClosesAt").GetDateTimeOffset().AddDays(7), batch.GetProperty("refundClosesAt").GetDateTimeOffset());

        var terms = new
        {
            population = "全日制", graduationYear = 2027, feeFen = 2000, payer = "student",
            paymentOpensAt = DateTimeOffset.Now, paymentClosesAt = DateTimeOffset.Now.AddDays(3),
            collectionOpensAt = DateTimeOffset.Now, collectionClosesAt = DateTimeOffset.Now.AddDays(3),
        };
        Assert.Equal(HttpStatusCode.OK, (await staff.PutAsJsonAsync($"/api/v1/staff/batches/{id}/terms", terms)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.PostAsync($"/api/v1/staff/batches/{id}/open", null)).StatusCode);
        await (await staff.PostAsync($"/api/v1/staff/batches/{id}/open", null)).AssertProblemAsync(HttpStatusCode.Conflict, "batch.invalid_transition");

        var audit = await api.WithDbAsync(db => db.AuditEntries.Where(a => a.EntityId == id).OrderBy(a => a.At).ToListAsync());
        Assert.Equal(["batch.created", "batch.terms_changed", "batch.opened"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(staffId, a.ActorId));
        Assert.Equal(1500, JsonDocument.Parse(audit[1].Before!).RootElement.GetProperty("feeFen").GetInt64());
        Assert.Equal(2000, JsonDocument.Parse(audit[1].After!).RootElement.GetProperty("feeFen").GetInt64());
    }

    [Fact]
    public async Task A_closed_batch_shows_a_warning_and_refuses_enrollment_with_409()
    {
        var staff = await Support();
        var school = (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid();
        var batch = await Seed.BatchAsync(staff, school);
        var code = batch.GetProperty("featureCode").GetString();
        await staff.PostAsync($"/api/v1/staff/batches/{batch.GetProperty("id").GetGuid()}/close", null);

        var lookup = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/batches/{code}");
        Assert.Contains(lookup.GetProperty("warnings").EnumerateArray(), w => w.GetProperty("code").GetString() == "batch.closed");

        var (_, student) = await api.LoginStudentAsync("closed-" + Guid.NewGuid().ToString("N")[..6]);
        var enroll = await api.CreateClient(student).PostAsJsonAsync($"/api/v1/batches/{code}/enrollments", Seed.Manual(Seed.IdNumber()));
        await enroll.AssertProblemAsync(HttpStatusCode.Conflict, "batch.closed");
    }

    [Fact]
    public async Task A_walk_in_batch_warns_when_the_school_has_an_open_group_batch()
    {
        var staff = await Support();
        var school = (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid();
        var group = await Seed.BatchAsync(staff, school, type: "onsite");
        var walkIn = await Seed.BatchAsync(staff, school, type: "walk_in");
        var notYet = await Seed.BatchAsync(staff, school, type: "make_up", population: "同等学力", opensIn: TimeSpan.FromDays(3), closesIn: TimeSpan.FromDays(9));

        var lookup = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/batches/{walkIn.GetProperty("featureCode").GetString()}");
        var warning = Assert.Single(lookup.GetProperty("warnings").EnumerateArray());
        Assert.Equal("batch.group_collection_open", warning.GetProperty("code").GetString());
        Assert.Contains("务必选择集中采集", warning.GetProperty("message").GetString());
        Assert.Contains(group.GetProperty("featureCode").GetString()!, warning.GetProperty("message").GetString());

        var later = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/api/v1/batches/{notYet.GetProperty("featureCode").GetString()}");
        Assert.Equal("batch.not_yet_open", Assert.Single(later.GetProperty("warnings").EnumerateArray()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Sessions_belong_to_on_site_batches_and_make_the_school_schedule()
    {
        var staff = await Support();
        var school = (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid();
        var onsite = (await Seed.BatchAsync(staff, school, type: "onsite")).GetProperty("id").GetGuid();
        var online = (await Seed.BatchAsync(staff, school, type: "online", population: "同等学力")).GetProperty("id").GetGuid();
        var day = DateTimeOffset.Now.Date.AddDays(2);
        object Session(int hour, string group) => new
        {
            location = "图书馆一楼大厅", startsAt = new DateTimeOffset(day.AddHours(hour), TimeSpan.FromHours(8)),
            endsAt = new DateTimeOffset(day.AddHours(hour + 1), TimeSpan.FromHours(8)), stations = 2, groups = new[] { group },
            assemblyAt = new DateTimeOffset(day.AddHours(hour).AddMinutes(-10), TimeSpan.FromHours(8)),
        };

        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/staff/batches/{onsite}/sessions", Session(14, "计算机2101"))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await staff.PostAsJsonAsync($"/api/v1/staff/batches/{onsite}/sessions", Session(9, "软件2102"))).StatusCode);
        await (await staff.PostAsJsonAsync($"/api/v1/staff/batches/{online}/sessions", Session(9, "x"))).AssertProblemAsync(HttpStatusCode.Conflict,
            "batch.not_onsite");

        var schedule = await staff.GetFromJsonAsync<JsonElement>($"/api/v1/staff/schools/{school}/schedule");
        Assert.Equal(["软件2102", "计算机2101"], schedule.EnumerateArray().Select(r => r.GetProperty("groups")[0].GetString()));
        Assert.StartsWith(day.ToString("yyyy-MM-dd") + "T09:00:00+08:00", schedule[0].GetProperty("startsAt").GetString());
    }
}
