using Hangfire;
using Hangfire.Dashboard;
using ImageCollection.Api.Auth;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Infrastructure;

/// <summary>The Hangfire dashboard at <c>/staff/hangfire</c>, for admins, authenticated by the staff cookie.</summary>
public static class HangfireDashboard
{
    public static WebApplication MapHangfireDashboard(this WebApplication app)
    {
        app.UseHangfireDashboard("/staff/hangfire", new DashboardOptions
        {
            Authorization = [new AdminOnly()],
            DisplayStorageConnectionString = false,
            DashboardTitle = "ImageCollection jobs",
            AppPath = null,
        });
        return app;
    }

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) =>
            context.GetHttpContext().User.IsStaffWithRole(StaffRoles.Admin);
    }
}
