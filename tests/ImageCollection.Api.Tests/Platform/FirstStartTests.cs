using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Testing;

namespace ImageCollection.Api.Tests.Platform;

/// <summary>
/// A fresh database as an operator meets it: the hosts refuse to start before <c>migrate</c>, which installs everything
/// once (EF's schema and Hangfire's); after it two workers start side by side without an error line. Operator commands
/// given missing or bad configuration stop with one line and a non-zero exit code.
/// </summary>
public sealed class FirstStartTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Minute = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_fresh_database_is_migrated_once_and_two_workers_start_without_an_error()
    {
        var env = api.WorkerEnvironment();
        env["DOTNET_ENVIRONMENT"] = "Testing";
        env["ConnectionStrings__Postgres"] = await (await PostgresServer.SharedAsync()).CreateDatabaseAsync("fresh");

        await using (var early = ChildProcess.StartHost("worker", RepoPaths.HostDll("worker/ImageCollection.Worker"), env))
        {
            Assert.NotEqual(0, await early.WaitForExitAsync(Minute));
            Assert.True(early.Output.Contains("The database has no schema yet: run the migrate command first"), early.Output);
        }

        await using (var migrate = ChildProcess.StartHost("migrate", RepoPaths.HostDll("api/ImageCollection.Api"), env, "migrate"))
        {
            Assert.True(0 == await migrate.WaitForExitAsync(Minute), migrate.Output);
            Assert.Equal("Database is up to date.", migrate.Output.Trim());
        }

        await using var first = ChildProcess.StartHost("worker-1", RepoPaths.HostDll("worker/ImageCollection.Worker"), env);
        await using var second = ChildProcess.StartHost("worker-2", RepoPaths.HostDll("worker/ImageCollection.Worker"), env);
        foreach (var worker in new[] { first, second })
            await worker.WaitForOutputAsync(l => l.Contains("Recurring jobs registered"), Minute);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a sweep or two
        foreach (var worker in new[] { first, second })
        {
            var alarms = worker.Output.Split('\n').Where(l => l.Contains("\"LogLevel\":\"Error\"") || l.Contains("\"LogLevel\":\"Critical\"")
                                                               || l.Contains("\"LogLevel\":\"Warning\"")).ToList();
            Assert.True(alarms.Count == 0, string.Join('\n', alarms));
        }
    }

    [Theory]
    [InlineData("create-admin admin", "", 2, "create-admin: ConnectionStrings:Postgres is required")]
    [InlineData("migrate", "Host=127.0.0.1;Port={port};Username=postgres;Database=none", 1, "migrate: PostgreSQL does not answer")]
    [InlineData("migrate", "Host=127.0.0.1;;Port=;=x", 2, "migrate: ConnectionStrings:Postgres is malformed")]
    [InlineData("migrate now", "", 2, "usage: ImageCollection.Api migrate | create-admin USER_NAME")]
    public async Task An_operator_command_with_bad_configuration_stops_with_one_line(string args, string connectionString, int exitCode, string line)
    {
        var env = new Dictionary<string, string?>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__Postgres"] = connectionString.Replace("{port}", FreePort.Next().ToString()),
            ["IC_ADMIN_PASSWORD"] = "a-long-enough-password",
        };
        await using var command = ChildProcess.StartHost("command", RepoPaths.HostDll("api/ImageCollection.Api"), env, args.Split(' '));
        Assert.Equal(exitCode, await command.WaitForExitAsync(Minute));
        var output = command.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(output.Length == 1, command.Output);
        Assert.StartsWith(line, output[0]);
    }
}
