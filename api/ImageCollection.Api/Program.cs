using ImageCollection.Api.Auth;
using ImageCollection.Api.Features.Audit;
using ImageCollection.Api.Features.Batches;
using ImageCollection.Api.Features.BulkRefunds;
using ImageCollection.Api.Features.Refunds;
using ImageCollection.Api.Features.Enrollments;
using ImageCollection.Api.Features.Orders;
using ImageCollection.Api.Features.PaymentCallbacks;
using ImageCollection.Api.Features.PaymentSupport;
using ImageCollection.Api.Features.SchoolPayments;
using ImageCollection.Api.Features.Schools;
using ImageCollection.Api.Features.StaffEnrollments;
using ImageCollection.Api.Features.StaffAuth;
using ImageCollection.Api.Features.StaffUsers;
using ImageCollection.Api.Features.StudentAuth;
using ImageCollection.Api.Features.SystemChecks;
using ImageCollection.Api.Infrastructure;
using ImageCollection.Core;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Orders;
using Microsoft.AspNetCore.Identity;

var builder = WebApplication.CreateBuilder(args);
builder.AddCore();
builder.AddPayments();
builder.AddRequestLimits();
builder.AddProblemResponses();
builder.AddRequestValidation();
builder.AddAuth();
builder.AddHealth();
builder.AddApiDocument();
builder.Services.AddSingleton<IPasswordHasher<StaffUser>, PasswordHasher<StaffUser>>();
builder.AddEnrollments();
builder.Services.AddScoped<CreateOrder>();

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
app.MapOrdersApi();
app.MapWechatCallbacksApi();
app.MapSchoolPaymentsApi();
app.MapPaymentSupportApi();
app.MapSupportRefundsApi();
app.MapBulkRefundsApi();

await app.RunAsync();
return 0;

/// <summary>The API host; public for WebApplicationFactory in tests.</summary>
public partial class Program;
