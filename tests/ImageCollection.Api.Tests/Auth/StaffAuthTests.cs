using System.Net;
using System.Net.Http.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Tests.Auth;

public sealed class StaffAuthTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_wrong_password_is_401_and_the_same_as_an_unknown_user()
    {
        var (_, adminToken) = await api.LoginStaffAsync([StaffRoles.Admin]);
        using var admin = api.CreateClient(adminToken);
        var created = await admin.PostAsJsonAsync("/api/v1/staff/users", new
        {
            userName = "Wang.Li", displayName = "王丽", password = "a-long-password", roles = new[] { "support" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var anonymous = api.CreateClient();
        var wrong = await anonymous.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName = "wang.li", password = "not-the-password" });
        var unknown = await anonymous.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName = "nobody", password = "not-the-password" });
        var right = await anonymous.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName = "WANG.LI", password = "a-long-password" });

        await wrong.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        await unknown.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains(right.Headers.GetValues("Set-Cookie"), c => c.StartsWith("ic_staff=") && c.Contains("httponly"));
    }

    [Fact]
    public async Task A_deactivated_staff_member_cannot_log_in()
    {
        var (_, adminToken) = await api.LoginStaffAsync([StaffRoles.Admin]);
        using var admin = api.CreateClient(adminToken);
        var created = await (await admin.PostAsJsonAsync("/api/v1/staff/users", new
        {
            userName = "leaver", displayName = "Leaver", password = "a-long-password", roles = new[] { "reviewer" },
        })).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        var id = created.GetProperty("id").GetGuid();
        var update = await admin.PutAsJsonAsync($"/api/v1/staff/users/{id}", new { displayName = "Leaver", roles = new[] { "reviewer" }, isActive = false });
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);

        using var anonymous = api.CreateClient();
        var login = await anonymous.PostAsJsonAsync("/api/v1/staff/auth/login", new { userName = "leaver", password = "a-long-password" });
        await login.AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.invalid_credentials");
    }

    [Fact]
    public async Task Roles_are_checked_per_route_group()
    {
        var (_, reviewer) = await api.LoginStaffAsync([StaffRoles.Reviewer]);
        var (_, admin) = await api.LoginStaffAsync([StaffRoles.Admin]);
        var (_, student) = await api.LoginStudentAsync("dave");

        using var none = api.CreateClient();
        await (await none.GetAsync("/api/v1/staff/users")).AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.required");
        await (await api.CreateClient(reviewer).GetAsync("/api/v1/staff/users")).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        await (await api.CreateClient(student).GetAsync("/api/v1/staff/users")).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient(admin).GetAsync("/api/v1/staff/users")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.CreateClient(reviewer).GetAsync("/api/v1/staff/auth/me")).StatusCode);
        await (await api.CreateClient(student).GetAsync("/api/v1/staff/auth/me")).AssertProblemAsync(HttpStatusCode.Forbidden, "auth.forbidden");
    }

    [Fact]
    public async Task A_tampered_token_is_401()
    {
        var (_, admin) = await api.LoginStaffAsync([StaffRoles.Admin]);
        var parts = admin.Split('.');
        var tampered = parts[0] + "." + parts[1] + "." + new string(parts[2].Reverse().ToArray());
        await (await api.CreateClient(tampered).GetAsync("/api/v1/staff/users")).AssertProblemAsync(HttpStatusCode.Unauthorized, "auth.required");
    }

    [Fact]
    public async Task A_school_user_needs_school_codes()
    {
        var (_, admin) = await api.LoginStaffAsync([StaffRoles.Admin]);
        var response = await api.CreateClient(admin).PostAsJsonAsync("/api/v1/staff/users", new
        {
            userName = "school1", displayName = "School", password = "a-long-password", roles = new[] { "school" },
        });
        await response.AssertValidationProblemAsync("schoolCodes");
    }

    [Fact]
    public async Task Staff_changes_are_audited_without_the_password()
    {
        var (adminId, admin) = await api.LoginStaffAsync([StaffRoles.Admin]);
        await api.CreateClient(admin).PostAsJsonAsync("/api/v1/staff/users", new
        {
            userName = "audited", displayName = "A", password = "secret-password-123", roles = new[] { "photographer" },
        });
        var entries = await api.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
            db.AuditEntries.Where(a => a.ActorId == adminId && a.Action == "staff_user.created")));
        var entry = Assert.Single(entries);
        Assert.Contains("audited", entry.After);
        Assert.DoesNotContain("secret-password-123", entry.After);
    }
}
