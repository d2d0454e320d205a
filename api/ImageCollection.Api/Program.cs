using ImageCollection.Api.Auth;
using ImageCollection.Api.Features.Audit;
using ImageCollection.Api.Features.Batches;
using ImageCollection.Api.Features.Enrollments;
using ImageCollection.Api.Features.Schools;
using ImageCollection.Api.Features.StaffEnrollments;
using ImageCollection.Api.Features.StaffAuth;
using ImageCollection.Api.Features.StaffUsers;
using ImageCollection.Api.Features.StudentAuth;
using ImageCollection.Api.Features.SystemChecks;
using ImageCollection.Api.Infrastructure;
using ImageCollection.Core;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Wechat;
using Microsoft.AspNetCore.Identity;

var builder = WebApplication.CreateBuilder(args);
builder.AddCore();
builder.AddWechatMiniProgram();
builder.AddRequestLimits();
builder.AddProblemResponses();
builder.AddRequestValidation();
builder.AddAuth();
builder.AddHealth();
builder.AddApiDocument();
builder.Services.AddSingleton<IPasswordHasher<StaffUser>, PasswordHasher<StaffUser>>();
builder.AddEnrollments();

var app = builder.Build();
if (HostCommands.IsCommand(args)) return await HostCommands.RunAsync(app, args);

app.UseProblemResponses();
app.UseAuth();
app.MapHealth();
app.MapApiDocument();
app.MapHangfireDashboard();
app.MapStudentAuthApi();
app.MapStaffAuthApi();
app.MapStaffUsersApi();
app.MapStorageCheckApi();
app.MapSchoolsApi();
app.MapBatchesApi();
app.MapSessionsApi();
app.MapBatchLookupApi();
app.MapEnrollmentsApi();
app.MapStaffEnrollmentsApi();
app.MapAuditApi();

await app.RunAsync();
return 0;

/// <summary>The API host; public for WebApplicationFactory in tests.</summary>
public partial class Program;
