using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Security;

/// <summary>One set of rules for every value of every request: required means required, text is printable, times are plausible.</summary>
public sealed class RequestRulesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<HttpClient> StaffAsync(params string[] roles) => api.CreateClient((await api.LoginStaffAsync(roles)).Token);

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static object Terms(object? paymentClosesAt = null) => new
    {
        population = "全日制", graduationYear = 2027, feeFen = 1500, payer = "student",
        paymentOpensAt = "2027-03-01T09:00:00+08:00", paymentClosesAt = paymentClosesAt ?? "2027-03-20T18:00:00+08:00",
        collectionOpensAt = "2027-03-01T09:00:00+08:00", collectionClosesAt = "2027-03-20T18:00:00+08:00",
    };

    private Task<int> BatchCountAsync() => api.WithDbAsync(db => db.Batches.CountAsync());

    [Fact]
    public async Task A_staff_update_without_is_active_is_refused_and_does_not_deactivate()
    {
        var admin = await StaffAsync(StaffRoles.Admin);
        var (id, _) = await api.LoginStaffAsync([StaffRoles.Support]);
        var response = await admin.PutAsync($"/api/v1/staff/users/{id}", Json("""{"displayName":"X","roles":["support"]}"""));
        await response.AssertValidationProblemAsync("isActive");
        Assert.True(await api.WithDbAsync(db => db.StaffUsers.Where(s => s.Id == id).Select(s => s.IsActive).SingleAsync()));
    }

    [Fact]
    public async Task A_batch_without_its_collection_type_or_with_a_numeric_payer_or_without_a_window_is_refused()
    {
        var staff = await StaffAsync(StaffRoles.Support);
        var school = (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid();
        var before = await BatchCountAsync();

        await (await staff.PostAsJsonAsync("/api/v1/staff/batches", new { schoolId = school, terms = Terms() }))
            .AssertValidationProblemAsync("collectionType");
        JsonObject Batch(Action<JsonObject> change)
        {
            var body = JsonSerializer.SerializeToNode(new { schoolId = school, collectionType = "online", terms = Terms() })!.AsObject();
            change(body["terms"]!.AsObject());
            return body;
        }
        await (await staff.PostAsJsonAsync("/api/v1/staff/batches", Batch(t => t["payer"] = 7))).AssertValidationProblemAsync("terms.payer");
        await (await staff.PostAsJsonAsync("/api/v1/staff/batches", Batch(t => t["payer"] = "parents"))).AssertValidationProblemAsync("terms.payer");
        await (await staff.PostAsJsonAsync("/api/v1/staff/batches", Batch(t => t.Remove("paymentOpensAt"))))
            .AssertValidationProblemAsync("terms.paymentOpensAt");

        Assert.Equal(before, await BatchCountAsync());
    }

    [Fact]
    public async Task A_time_at_the_edge_of_the_calendar_is_refused_and_nothing_is_written()
    {
        var staff = await StaffAsync(StaffRoles.Support);
        var school = (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid();
        var before = await BatchCountAsync();
        var response = await staff.PostAsJsonAsync("/api/v1/staff/batches",
            new { schoolId = school, collectionType = "online", terms = Terms("9999-12-31T23:59:59+00:00") });
        await response.AssertValidationProblemAsync("terms.paymentClosesAt");
        Assert.Equal(before, await BatchCountAsync());
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/v1/staff/batches")).StatusCode);
    }

    [Fact]
    public async Task A_stored_time_at_the_edge_of_the_calendar_does_not_break_reading_batches()
    {
        var staff = await StaffAsync(StaffRoles.Support);
        var school = (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid();
        var batch = await Seed.BatchAsync(staff, school, type: "onsite");
        var id = batch.GetProperty("id").GetGuid();
        // As the earlier defect left such rows behind.
        await api.WithDbAsync(db => db.Database.ExecuteSqlAsync(
            $"update batches set payment_closes_at = '9999-12-31T23:59:59Z', refund_closes_at = '9999-12-31T23:59:59Z' where id = {id}"));
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync("/api/v1/staff/batches")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await staff.GetAsync($"/api/v1/staff/batches/{id}")).StatusCode);
    }

    [Theory]
    [InlineData("a\u0000b")]
    [InlineData("a\u001bb")]
    [InlineData("a\u0007b")]
    [InlineData("evil\u202Etxt")]
    [InlineData("two\r\nlines")]
    public async Task Control_characters_are_refused_on_create_and_update_alike(string name)
    {
        var staff = await StaffAsync(StaffRoles.Support);
        var school = await Seed.SchoolAsync(staff);
        var create = await staff.PostAsJsonAsync("/api/v1/staff/schools", new { name, code = Seed.NextSchoolCode(), regionCode = "19", category = "普通高校" });
        await create.AssertValidationProblemAsync("name");
        var update = await staff.PutAsJsonAsync($"/api/v1/staff/schools/{school.GetProperty("id").GetGuid()}",
            new { name, code = school.GetProperty("code").GetString(), regionCode = "19", category = "普通高校" });
        await update.AssertValidationProblemAsync("name");
        Assert.Equal("示例大学", await api.WithDbAsync(db => db.Schools.Where(s => s.Id == school.GetProperty("id").GetGuid()).Select(s => s.Name).SingleAsync()));
    }

    [Fact]
    public async Task A_nul_in_an_anonymous_login_or_a_search_is_a_400_not_an_outage()
    {
        var login = await api.CreateClient().PostAsJsonAsync("/api/v1/staff/auth/login", new { userName = "a\u0000b", password = "x" });
        await login.AssertValidationProblemAsync("userName");
        var support = await StaffAsync(StaffRoles.Support);
        await (await support.GetAsync("/api/v1/staff/audit?entityType=%00")).AssertValidationProblemAsync("entityType");
        await (await support.GetAsync("/api/v1/staff/orders/search?outTradeNo=%00")).AssertValidationProblemAsync("outTradeNo");
        Assert.DoesNotContain(api.Logs.Lines, l => Problems.IsErrorLine(l) || l.Contains("database.unavailable"));
    }

    [Fact]
    public async Task Line_breaks_are_kept_where_a_field_is_multi_line()
    {
        var staff = await StaffAsync(StaffRoles.Support);
        var school = (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid();
        var batch = (await Seed.BatchAsync(staff, school, type: "onsite")).GetProperty("id").GetGuid();
        var session = await staff.PostAsJsonAsync($"/api/v1/staff/batches/{batch}/sessions", new
        {
            location = "图书馆一楼", startsAt = "2027-03-05T09:00:00+08:00", endsAt = "2027-03-05T12:00:00+08:00", stations = 2,
            notes = "请穿深色上衣\n不要戴眼镜",
        });
        Assert.Equal(HttpStatusCode.Created, session.StatusCode);
        var location = await staff.PostAsJsonAsync($"/api/v1/staff/batches/{batch}/sessions", new
        {
            location = "图书馆\n一楼", startsAt = "2027-03-05T09:00:00+08:00", endsAt = "2027-03-05T12:00:00+08:00", stations = 2,
        });
        await location.AssertValidationProblemAsync("location");
    }

    [Fact]
    public async Task Nulls_in_lists_and_missing_phones_are_field_errors_not_crashes()
    {
        var admin = await StaffAsync(StaffRoles.Admin);
        await (await admin.PostAsync("/api/v1/staff/users", Json("""
            {"userName":"nullschool","displayName":"S","password":"a-long-password","roles":["school"],"schoolCodes":[null]}
            """))).AssertValidationProblemAsync("schoolCodes[0]");
        var reviewer = await StaffAsync(StaffRoles.Support);
        await (await reviewer.PostAsync($"/api/v1/staff/reviews/{Guid.NewGuid()}/reject", Json("""{"reasons":[null]}""")))
            .AssertValidationProblemAsync("reasons[0]");
        await (await reviewer.PostAsync($"/api/v1/staff/photos/{Guid.NewGuid()}/override", Json("""{"reasons":[null],"note":"x"}""")))
            .AssertValidationProblemAsync("reasons[0]");

        var (_, token) = await api.LoginStudentAsync("shipping" + Guid.NewGuid().ToString("N")[..6]);
        var student = api.CreateClient(token);
        var noPhone = """{"recipientName":"张三","province":"广东省","city":"广州市","district":"天河区","street":"五山路1号"}""";
        await (await student.PutAsync($"/api/v1/enrollments/{Guid.NewGuid()}/shipping", Json(noPhone))).AssertValidationProblemAsync("phone");
        var nullPhone = noPhone.Replace("{", "{\"phone\":null,");
        await (await student.PutAsync($"/api/v1/enrollments/{Guid.NewGuid()}/shipping", Json(nullPhone))).AssertValidationProblemAsync("phone");
    }

    [Fact]
    public async Task A_manual_enrollment_with_a_six_character_id_tail_is_a_field_error()
    {
        var staff = await StaffAsync(StaffRoles.Support);
        var school = (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid();
        var batch = await Seed.BatchAsync(staff, school);
        var (_, token) = await api.LoginStudentAsync("tail" + Guid.NewGuid().ToString("N")[..6]);
        var body = JsonSerializer.SerializeToNode(Seed.Manual(Seed.IdNumber()))!.AsObject();
        body["idLast4"] = "123456";
        var response = await api.CreateClient(token).PostAsJsonAsync($"/api/v1/batches/{batch.GetProperty("featureCode").GetString()}/enrollments", body);
        await response.AssertValidationProblemAsync("idLast4");
    }

    [Fact]
    public async Task A_school_user_must_name_a_school_that_exists()
    {
        var admin = await StaffAsync(StaffRoles.Admin);
        var response = await admin.PostAsJsonAsync("/api/v1/staff/users", new
        {
            userName = "ghostschool", displayName = "S", password = "a-long-password", roles = new[] { "school" }, schoolCodes = new[] { "99999" },
        });
        await response.AssertValidationProblemAsync("schoolCodes");
    }

    [Fact]
    public async Task The_dashboard_refuses_a_post_without_a_form_as_a_bad_request()
    {
        var client = api.CreateClient();
        var userName = "dash" + Guid.NewGuid().ToString("N")[..6];
        await api.WithDbAsync(async db =>
        {
            var staff = new StaffUser(userName, userName, [StaffRoles.Admin], [], DateTimeOffset.UtcNow);
            staff.SetPasswordHash(new Microsoft.AspNetCore.Identity.PasswordHasher<StaffUser>().HashPassword(staff, "a-long-password"));
            db.StaffUsers.Add(staff);
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName, password = "a-long-password" })).StatusCode);
        var stats = await client.PostAsync("/staff/hangfire/stats", null);
        await stats.AssertProblemAsync(HttpStatusCode.BadRequest, "request.invalid");
        var form = await client.PostAsync("/staff/hangfire/stats", new FormUrlEncodedContent([new("metrics[]", "enqueued:count")]));
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task Personal_data_is_never_cached()
    {
        var support = await StaffAsync(StaffRoles.Support);
        var response = await support.GetAsync($"/api/v1/staff/enrollments/{Guid.NewGuid()}/personal-data");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore);
    }
}
