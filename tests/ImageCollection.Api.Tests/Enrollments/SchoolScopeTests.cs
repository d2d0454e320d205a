using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Enrollments;

public sealed class SchoolScopeTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_school_user_sees_only_its_schools_and_cannot_change_batches()
    {
        var support = api.CreateClient((await api.LoginStaffAsync([StaffRoles.Support])).Token);
        var mine = await Seed.SchoolAsync(support);
        var theirs = await Seed.SchoolAsync(support);
        var myBatch = await Seed.BatchAsync(support, mine.GetProperty("id").GetGuid());
        var theirBatch = await Seed.BatchAsync(support, theirs.GetProperty("id").GetGuid());
        var school = api.CreateClient((await api.LoginStaffAsync([StaffRoles.School], [mine.GetProperty("code").GetString()!])).Token);

        var schools = await school.GetFromJsonAsync<JsonElement[]>("/api/v1/staff/schools");
        Assert.Equal([mine.GetProperty("id").GetGuid()], schools!.Select(s => s.GetProperty("id").GetGuid()));
        var batches = await school.GetFromJsonAsync<JsonElement[]>("/api/v1/staff/batches");
        Assert.Equal([myBatch.GetProperty("id").GetGuid()], batches!.Select(b => b.GetProperty("id").GetGuid()));

        Assert.Equal(HttpStatusCode.OK, (await school.GetAsync($"/api/v1/staff/batches/{myBatch.GetProperty("id").GetGuid()}")).StatusCode);
        await (await school.GetAsync($"/api/v1/staff/batches/{theirBatch.GetProperty("id").GetGuid()}")).AssertProblemAsync(HttpStatusCode.NotFound,
            "not_found");
        await (await school.GetAsync($"/api/v1/staff/batches/{theirBatch.GetProperty("id").GetGuid()}/enrollments")).AssertProblemAsync(HttpStatusCode.NotFound,
            "not_found");
        await (await school.GetAsync($"/api/v1/staff/schools/{theirs.GetProperty("id").GetGuid()}/schedule")).AssertProblemAsync(HttpStatusCode.NotFound,
            "not_found");
        await (await school.PostAsync($"/api/v1/staff/batches/{myBatch.GetProperty("id").GetGuid()}/close", null)).AssertProblemAsync(HttpStatusCode.Forbidden,
            "auth.forbidden");
        await (await school.PostAsJsonAsync("/api/v1/staff/schools", new { name = "x", code = "12345", regionCode = "11", category = "普通高校" }))
            .AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        await (await school.GetAsync("/api/v1/staff/enrollments/search?phone=13800000000")).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task Staff_see_enrollments_masked_and_a_reveal_is_audited()
    {
        var (supportId, token) = await api.LoginStaffAsync([StaffRoles.Support]);
        var support = api.CreateClient(token);
        var school = await Seed.SchoolAsync(support);
        var batch = await Seed.BatchAsync(support, school.GetProperty("id").GetGuid());
        var id = Seed.IdNumber();
        var student = api.CreateClient((await api.LoginStudentAsync("scope" + Guid.NewGuid().ToString("N")[..6])).Token);
        var enrollment = await (await student.PostAsJsonAsync($"/api/v1/batches/{batch.GetProperty("featureCode").GetString()}/enrollments",
            Seed.Manual(id, phone: "13566667777"))).Content.ReadFromJsonAsync<JsonElement>();
        var enrollmentId = enrollment.GetProperty("id").GetGuid();
        var schoolUser = api.CreateClient((await api.LoginStaffAsync([StaffRoles.School], [school.GetProperty("code").GetString()!])).Token);

        var listed = await schoolUser.GetStringAsync($"/api/v1/staff/batches/{batch.GetProperty("id").GetGuid()}/enrollments");
        Assert.Contains(id[^4..], listed);
        Assert.DoesNotContain(id, listed);
        await (await schoolUser.GetAsync($"/api/v1/staff/enrollments/{enrollmentId}/personal-data")).AssertProblemAsync(HttpStatusCode.Forbidden,
            "auth.forbidden");

        var found = await support.GetFromJsonAsync<JsonElement[]>($"/api/v1/staff/enrollments/search?idNumber={id.ToLowerInvariant()}");
        Assert.Equal(enrollmentId, Assert.Single(found!).GetProperty("enrollment").GetProperty("id").GetGuid());
        var revealed = await support.GetFromJsonAsync<JsonElement>($"/api/v1/staff/enrollments/{enrollmentId}/personal-data");
        Assert.Equal(id, revealed.GetProperty("idNumber").GetString());
        Assert.Equal("13566667777", revealed.GetProperty("phone").GetString());

        var audit = await api.WithDbAsync(db => db.AuditEntries.SingleAsync(a => a.EntityId == enrollmentId && a.Action == "enrollment.personal_data_viewed"));
        Assert.Equal(supportId, audit.ActorId);
    }
}
