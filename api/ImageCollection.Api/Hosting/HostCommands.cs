using System.Diagnostics;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Hosting;

/// <summary>
/// Operator commands of the API host, run instead of serving:
/// <c>migrate</c> applies EF Core migrations and installs Hangfire's schema; <c>create-admin NAME</c> creates (or resets) an admin, with the password
/// from <c>IC_ADMIN_PASSWORD</c> or the first line of standard input.
/// </summary>
public static class HostCommands
{
    public static bool IsCommand(string[] args) => args is ["migrate", ..] or ["create-admin", ..];

    /// <summary>Runs one command: 0 done, 2 refused (usage, configuration), 1 failed (e.g. PostgreSQL unreachable); one line on stderr.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        try
        {
            return await RunCommandAsync(app, args);
        }
        catch (Exception e) when (OperatorCommand.Explain(e) is { } failure)
        {
            Console.Error.WriteLine($"{args[0]}: {failure.Message}");
            return failure.ExitCode;
        }
    }

    private static async Task<int> RunCommandAsync(WebApplication app, string[] args)
    {
        if (args is not (["migrate"] or ["create-admin", _]))
        {
            Console.Error.WriteLine("usage: ImageCollection.Api migrate | create-admin USER_NAME");
            return OperatorCommand.Refused;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        switch (args)
        {
            case ["migrate"]:
                await DatabaseSchema.MigrateAsync(db);
                Console.WriteLine("Database is up to date.");
                return 0;
            case ["create-admin", var userName]:
                var password = Environment.GetEnvironmentVariable("IC_ADMIN_PASSWORD") ?? Console.ReadLine();
                if (string.IsNullOrWhiteSpace(password) || password.Length < 10)
                {
                    Console.Error.WriteLine("create-admin: the password (IC_ADMIN_PASSWORD or standard input) must have at least 10 characters.");
                    return OperatorCommand.Refused;
                }
                await CreateAdmin(db, scope.ServiceProvider, userName, password);
                Console.WriteLine($"Admin '{StaffUser.Normalize(userName)}' is ready.");
                return 0;
            default:
                throw new UnreachableException();
        }
    }

    private static async Task CreateAdmin(AppDbContext db, IServiceProvider services, string userName, string password)
    {
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var name = StaffUser.Normalize(userName);
        var staff = await db.StaffUsers.SingleOrDefaultAsync(s => s.UserName == name);
        if (staff is null)
        {
            staff = new StaffUser(name, name, [StaffRoles.Admin], [], now);
            db.StaffUsers.Add(staff);
        }
        else
        {
            staff.Change(staff.DisplayName, staff.Roles.Append(StaffRoles.Admin), staff.SchoolCodes, true);
        }
        staff.SetPasswordHash(services.GetRequiredService<IPasswordHasher<StaffUser>>().HashPassword(staff, password));
        db.AuditEntries.Add(new AuditEntry(Actor.System, "staff_user.admin_created", nameof(StaffUser),
            staff.Id, null, new { staff.UserName, staff.Roles }, now));
        await db.SaveChangesAsync();
        // A running API drops its cached copy of the account (the new password ended the account's earlier tokens).
        await services.GetRequiredService<Features.Auth.StaffAccounts>().ChangedAsync(db, staff.Id, CancellationToken.None);
    }
}
