using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ImageCollection.Api.Tests.Enrollments;

public sealed class EnrollmentTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private async Task<(HttpClient Staff, Guid School)> SchoolAsync()
    {
        var staff = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        return (staff, (await Seed.SchoolAsync(staff)).GetProperty("id").GetGuid());
    }

    private async Task<HttpClient> StudentAsync(string? user = null) =>
        api.CreateClient((await api.LoginStudentAsync(user ?? "s" + Guid.NewGuid().ToString("N")[..10])).Token);

    private static async Task<HttpResponseMessage> Enroll(HttpClient student, JsonElement batch, object body) =>
        await student.PostAsJsonAsync($"/api/v1/batches/{batch.GetProperty("featureCode").GetString()}/enrollments", body);

    [Fact]
    public async Task Enrolling_by_hand_stores_personal_data_encrypted_and_answers_it_masked()
    {
        var (staff, school) = await SchoolAsync();
        var batch = await Seed.BatchAsync(staff, school);
        var student = await StudentAsync();
        var id = Seed.IdNumber();

        var response = await Enroll(student, batch, Seed.Manual(id, phone: "13912345678"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        var body = JsonDocument.Parse(text).RootElement;

        Assert.Equal("active", body.GetProperty("status").GetString());
        Assert.Equal(id[..4] + "**********" + id[^4..], body.GetProperty("identity").GetProperty("idNumber").GetString());
        Assert.Equal("139****5678", body.GetProperty("identity").GetProperty("phone").GetString());
        Assert.DoesNotContain(id, text);
        Assert.DoesNotContain("13912345678", text);
        Assert.Equal("2026-09", body.GetProperty("agreementVersion").GetString());

        // At rest: no column holds the number in clear.
        var enrollmentId = body.GetProperty("id").GetGuid();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("select row_to_json(e)::text from enrollments e where id = @id", connection);
        command.Parameters.AddWithValue("id", enrollmentId);
        var row = (string)(await command.ExecuteScalarAsync())!;
        Assert.DoesNotContain(id, row);
        Assert.DoesNotContain("13912345678", row);

        var audit = await api.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.EntityId == enrollmentId));
        Assert.Equal("enrollment.created", audit.Action);
        Assert.DoesNotContain(id, audit.After);
        Assert.Contains(id[^4..], audit.After);
    }

    [Fact]
    public async Task A_bad_check_digit_is_a_400_naming_the_id_number()
    {
        var (staff, school) = await SchoolAsync();
        var batch = await Seed.BatchAsync(staff, school);
        var good = Seed.IdNumber();
        var bad = good[..17] + (good[17] == '0' ? '1' : '0');

        var response = await Enroll(await StudentAsync(), batch, Seed.Manual(bad));
        var problem = await response.AssertValidationProblemAsync("idNumber");
        Assert.Contains("check digit", problem.GetProperty("errors").GetProperty("idNumber")[0].GetString());
        Assert.Equal(0, await api.WithDbAsync(db => db.Enrollments.CountAsync(e => e.BatchId == batch.GetProperty("id").GetGuid())));
    }

    [Fact]
    public async Task Field_errors_name_each_field_and_consent_is_required()
    {
        var (staff, school) = await SchoolAsync();
        var batch = await Seed.BatchAsync(staff, school);
        var response = await Enroll(await StudentAsync(), batch, new
        {
            acceptAgreement = false, agreementVersion = "2026-09", method = "manual", name = "李四", studentNumber = "2023001",
            sex = "male", idType = "resident_id", idNumber = "44010620031301123X", major = "数学", educationLevel = "普通本科",
            schoolName = "示例大学", schoolCategory = "普通高校", email = "not-an-email", phone = "12345",
        });
        await response.AssertValidationProblemAsync("acceptAgreement", "idNumber", "email", "phone");
    }

    [Fact]
    public async Task Enrolling_twice_in_one_batch_is_409_naming_the_existing_enrollment()
    {
        var (staff, school) = await SchoolAsync();
        var batch = await Seed.BatchAsync(staff, school);
        var student = await StudentAsync();
        var first = await (await Enroll(student, batch, Seed.Manual(Seed.IdNumber()))).Content.ReadFromJsonAsync<JsonElement>();

        var again = await Enroll(student, batch, Seed.Manual(Seed.IdNumber()));
        var problem = await again.AssertProblemAsync(HttpStatusCode.Conflict, "enrollment.exists");
        Assert.Equal(first.GetProperty("id").GetGuid(), problem.GetProperty("enrollmentId").GetGuid());
    }

    [Fact]
    public async Task Online_and_on_site_of_one_school_and_year_are_exclusive()
    {
        var (staff, school) = await SchoolAsync();
        var onsite = await Seed.BatchAsync(staff, school, type: "onsite");
        var online = await Seed.BatchAsync(staff, school, type: "online");
        var id = Seed.IdNumber();
        var student = await StudentAsync();
        var first = await (await Enroll(student, onsite, Seed.Manual(id))).Content.ReadFromJsonAsync<JsonElement>();

        var mine = await Enroll(student, online, Seed.Manual(id));
        var problem = await mine.AssertProblemAsync(HttpStatusCode.Conflict, "enrollment.conflict");
        Assert.Equal(first.GetProperty("id").GetGuid(), problem.GetProperty("enrollmentId").GetGuid());

        // Someone else typing the same ID number learns nothing about the other enrollment.
        var other = await Enroll(await StudentAsync(), online, Seed.Manual(id));
        var theirs = await other.AssertProblemAsync(HttpStatusCode.Conflict, "enrollment.identity_in_use");
        Assert.False(theirs.TryGetProperty("enrollmentId", out _));
        Assert.Contains("support", theirs.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_same_person_may_enroll_in_another_school_year_or_non_overlapping_window()
    {
        var (staff, school) = await SchoolAsync();
        var id = Seed.IdNumber();
        var student = await StudentAsync();
        var online = await Seed.BatchAsync(staff, school, type: "online");
        var nextYear = await Seed.BatchAsync(staff, school, type: "online", graduationYear: 2028);
        var later = await Seed.BatchAsync(staff, school, type: "make_up", opensIn: TimeSpan.FromDays(30), closesIn: TimeSpan.FromDays(40));

        Assert.Equal(HttpStatusCode.Created, (await Enroll(student, online, Seed.Manual(id))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Enroll(student, nextYear, Seed.Manual(id))).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await Enroll(student, later, Seed.Manual(id))).StatusCode);
    }

    [Fact]
    public async Task A_group_enrollment_whose_window_ended_does_not_block_a_walk_in()
    {
        var (staff, school) = await SchoolAsync();
        var id = Seed.IdNumber();
        var student = await StudentAsync();
        var group = await Seed.BatchAsync(staff, school, type: "online", closesIn: TimeSpan.FromSeconds(3));
        var walkIn = await Seed.BatchAsync(staff, school, type: "walk_in", closesIn: TimeSpan.FromDays(30));
        Assert.Equal(HttpStatusCode.Created, (await Enroll(student, group, Seed.Manual(id))).StatusCode);
        await (await Enroll(student, walkIn, Seed.Manual(id))).AssertProblemAsync(HttpStatusCode.Conflict, "enrollment.conflict");

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        Assert.Equal(HttpStatusCode.Created, (await Enroll(student, walkIn, Seed.Manual(id))).StatusCode);
    }

    /// <summary>
    /// "Has a photo" is one rule (<see cref="Photo.ServiceGiven"/>): an upload still waiting for review when the group
    /// window closed may yet be approved, so it holds the group collection as a captured photo does (the walk-in check
    /// once counted only approved or captured photos, unlike the refund rules).
    /// </summary>
    [Fact]
    public async Task A_group_enrollment_whose_upload_waits_for_review_after_the_window_still_blocks_a_walk_in()
    {
        var (staff, school) = await SchoolAsync();
        var id = Seed.IdNumber();
        var student = await StudentAsync();
        var group = await Seed.BatchAsync(staff, school, type: "online", closesIn: TimeSpan.FromSeconds(3));
        var walkIn = await Seed.BatchAsync(staff, school, type: "walk_in", closesIn: TimeSpan.FromDays(30));
        var enrolled = await Enroll(student, group, Seed.Manual(id));
        var enrollmentId = (await enrolled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await api.WithDbAsync(async db =>
        {
            var enrollment = await db.Enrollments.SingleAsync(e => e.Id == enrollmentId);
            db.Photos.Add(new Photo(Guid.CreateVersion7(), enrollment, PhotoSource.Upload, 1,
                new StoredOriginal("originals/waiting.jpg", 1000, new string('0', 64), "image/jpeg"), null, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });

        await Task.Delay(TimeSpan.FromSeconds(3.5));
        await (await Enroll(student, walkIn, Seed.Manual(id))).AssertProblemAsync(HttpStatusCode.Conflict, "enrollment.conflict");
    }

    [Fact]
    public async Task Concurrent_enrollments_of_one_person_in_exclusive_batches_admit_one()
    {
        var (staff, school) = await SchoolAsync();
        var onsite = await Seed.BatchAsync(staff, school, type: "onsite");
        var online = await Seed.BatchAsync(staff, school, type: "online");
        var id = Seed.IdNumber();
        var a = await StudentAsync();
        var b = await StudentAsync();

        var results = await Task.WhenAll(Enroll(a, onsite, Seed.Manual(id)), Enroll(b, online, Seed.Manual(id)));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(1, results.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }

    [Fact]
    public async Task A_student_sees_only_their_own_enrollments()
    {
        var (staff, school) = await SchoolAsync();
        var batch = await Seed.BatchAsync(staff, school);
        var owner = await StudentAsync();
        var enrollment = await (await Enroll(owner, batch, Seed.Manual(Seed.IdNumber()))).Content.ReadFromJsonAsync<JsonElement>();
        var id = enrollment.GetProperty("id").GetGuid();

        var other = await StudentAsync();
        await (await other.GetAsync($"/api/v1/enrollments/{id}")).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        await (await other.PostAsync($"/api/v1/enrollments/{id}/withdraw", null)).AssertProblemAsync(HttpStatusCode.NotFound, "not_found");
        Assert.Empty(await other.GetFromJsonAsync<JsonElement[]>("/api/v1/enrollments") ?? []);
        Assert.Single(await owner.GetFromJsonAsync<JsonElement[]>("/api/v1/enrollments") ?? []);
    }

    [Fact]
    public async Task A_withdrawn_enrollment_cannot_be_withdrawn_again_and_frees_the_identity()
    {
        var (staff, school) = await SchoolAsync();
        var onsite = await Seed.BatchAsync(staff, school, type: "onsite");
        var online = await Seed.BatchAsync(staff, school, type: "online");
        var student = await StudentAsync();
        var id = Seed.IdNumber();
        var enrollment = await (await Enroll(student, onsite, Seed.Manual(id))).Content.ReadFromJsonAsync<JsonElement>();
        var enrollmentId = enrollment.GetProperty("id").GetGuid();

        var withdrawn = await student.PostAsync($"/api/v1/enrollments/{enrollmentId}/withdraw", null);
        Assert.Equal("withdrawn", (await withdrawn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
        await (await student.PostAsync($"/api/v1/enrollments/{enrollmentId}/withdraw", null)).AssertProblemAsync(HttpStatusCode.Conflict,
            "enrollment.not_active");
        Assert.Equal(HttpStatusCode.Created, (await Enroll(student, online, Seed.Manual(id))).StatusCode);

        var change = await api.WithDbAsync(db => db.StatusChanges.SingleAsync(c => c.EntityId == enrollmentId));
        Assert.Equal(("active", "withdrawn", "student"), (change.FromStatus, change.ToStatus, change.ActorType));
    }

    [Fact]
    public async Task The_shipping_address_is_kept_with_a_masked_phone()
    {
        var (staff, school) = await SchoolAsync();
        var batch = await Seed.BatchAsync(staff, school);
        var student = await StudentAsync();
        var enrollment = await (await Enroll(student, batch, Seed.Manual(Seed.IdNumber()))).Content.ReadFromJsonAsync<JsonElement>();

        var response = await student.PutAsJsonAsync($"/api/v1/enrollments/{enrollment.GetProperty("id").GetGuid()}/shipping", new
        {
            recipientName = "张三", phone = "13700001111", province = "广东省", city = "广州市", district = "天河区", street = "中山大道西 55 号",
        });
        var shipping = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("shipping");
        Assert.Equal("137****1111", shipping.GetProperty("phone").GetString());
        Assert.Equal("天河区", shipping.GetProperty("district").GetString());

        var bad = await student.PutAsJsonAsync($"/api/v1/enrollments/{enrollment.GetProperty("id").GetGuid()}/shipping", new
        {
            recipientName = "", phone = "1", province = "广东省", city = "广州市", district = "天河区", street = "x",
        });
        await bad.AssertValidationProblemAsync("recipientName", "phone");
    }

    [Fact]
    public async Task Personal_values_never_reach_the_logs()
    {
        var (staff, school) = await SchoolAsync();
        var batch = await Seed.BatchAsync(staff, school);
        var id = Seed.IdNumber();
        var student = await StudentAsync();
        await Enroll(student, batch, Seed.Manual(id, phone: "13655554444"));
        await Enroll(await StudentAsync(), batch, Seed.Manual(id, phone: "13655554444")); // a conflict, logged as refused
        var bad = id[..17] + (id[17] == '0' ? '1' : '0');
        await Enroll(await StudentAsync(), batch, Seed.Manual(bad, phone: "13655554444"));

        var logs = api.Logs.All;
        Assert.Contains("enrollment.identity_in_use", logs);
        Assert.DoesNotContain(id, logs);
        Assert.DoesNotContain(bad, logs);
        Assert.DoesNotContain("13655554444", logs);
        Assert.DoesNotContain("Bearer ey", logs);
    }
}
