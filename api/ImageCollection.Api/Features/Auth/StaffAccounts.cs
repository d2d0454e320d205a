using System.Collections.Concurrent;
using ImageCollection.Core.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ImageCollection.Api.Features.Auth;

/// <summary>What a staff token is checked against on every request: the account as it is now.</summary>
public sealed record StaffAccountState(bool IsActive, string SecurityStamp, IReadOnlyList<string> Roles, IReadOnlyList<string> SchoolCodes);

/// <summary>
/// The current state of staff accounts, read through a short cache. Every replica listens on the PostgreSQL channel
/// <c>staff_changed</c>; a change to an account notifies it after its commit, and each replica drops its copy at once.
/// While a replica is not listening (its connection is down, or not yet up) it caches nothing and reads the row on
/// every request, so no replica ever acts on a state older than the last notification it could have missed.
/// </summary>
public sealed class StaffAccounts(IServiceScopeFactory scopes, TimeProvider clock, ILogger<StaffAccounts> logger) : BackgroundService
{
    public const string Channel = "staff_changed";
    private static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<Guid, (StaffAccountState? State, DateTimeOffset Until)> _cache = new();
    private volatile bool _listening;
    /// <summary>Counts drops: a row read before a drop is not cached after it (it may be the state the drop was for).</summary>
    private long _drops;

    public async Task<StaffAccountState?> GetAsync(Guid staffId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (_listening && _cache.TryGetValue(staffId, out var cached) && cached.Until > now) return cached.State;
        var listeningBefore = _listening;
        var drops = Interlocked.Read(ref _drops);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var state = await db.StaffUsers.AsNoTracking().Where(s => s.Id == staffId)
            .Select(s => new StaffAccountState(s.IsActive, s.SecurityStamp, s.Roles, s.SchoolCodes)).SingleOrDefaultAsync(ct);
        // Only cache what was read while listening: a notification sent before the listener started is not lost.
        if (listeningBefore && _listening && Interlocked.Read(ref _drops) == drops) _cache[staffId] = (state, now + Lifetime);
        return state;
    }

    /// <summary>After an account's change has committed: drop this replica's copy and tell the others.</summary>
    public async Task ChangedAsync(AppDbContext db, Guid staffId, CancellationToken ct)
    {
        Drop(staffId);
        await db.Database.ExecuteSqlAsync($"select pg_notify({Channel}, {staffId.ToString()})", ct);
    }

    private void Drop(Guid staffId)
    {
        Interlocked.Increment(ref _drops);
        _cache.TryRemove(staffId, out _);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var retry = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ListenAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning("Not listening for staff account changes ({Error}); reading accounts uncached, retrying in {Delay}",
                    e.GetType().Name, retry);
            }
            finally
            {
                _listening = false;
                Interlocked.Increment(ref _drops);
                _cache.Clear();
            }
            try { await Task.Delay(retry, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
            retry = TimeSpan.FromSeconds(Math.Min(30, retry.TotalSeconds * 2));
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        string connectionString;
        await using (var scope = scopes.CreateAsyncScope())
            connectionString = DataRegistration.RequiredConnectionString(scope.ServiceProvider.GetRequiredService<IConfiguration>());
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { KeepAlive = 15, Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        connection.Notification += (_, e) =>
        {
            if (Guid.TryParse(e.Payload, out var id)) Drop(id);
        };
        await using (var listen = new NpgsqlCommand($"listen {Channel}", connection)) await listen.ExecuteNonQueryAsync(ct);
        _cache.Clear();
        _listening = true;
        while (!ct.IsCancellationRequested) await connection.WaitAsync(ct);
    }
}
