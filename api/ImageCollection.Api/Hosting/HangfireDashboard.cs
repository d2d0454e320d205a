using Hangfire;
using Hangfire.Dashboard;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Mvc;

namespace ImageCollection.Api.Hosting;

/// <summary>The Hangfire dashboard at <c>/staff/hangfire</c>, for admins, authenticated by the staff cookie.</summary>
public static class HangfireDashboard
{
    public static WebApplication MapHangfireDashboard(this WebApplication app)
    {
        // The dashboard's endpoints read a form from every POST and fail without one: refused here as a bad request.
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.StartsWithSegments("/staff/hangfire")
                && !context.Request.HasFormContentType && context.User.IsStaffWithRole(StaffRoles.Admin))
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = 400, Title = "Bad Request", Detail = "The dashboard takes form posts only.",
                        Extensions = { ["code"] = "request.invalid" },
                    },
                });
                return;
            }
            await next(context);
        });
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
