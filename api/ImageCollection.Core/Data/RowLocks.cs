using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Core.Data;

/// <summary>
/// <c>SELECT … FOR UPDATE</c> that also refreshes an entity this context already tracks: EF returns the tracked
/// instance as it was, which another process may have changed before we took the lock. A context that tracks no
/// entity of the type gets the locked row as it is, and is spared the second read.
/// </summary>
public static class RowLocks
{
    public static async Task<T?> LockAsync<T>(this AppDbContext db, IQueryable<T> forUpdate, CancellationToken ct) where T : class
    {
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var maybeStale = db.ChangeTracker.Entries<T>().Any();
        db.ChangeTracker.AutoDetectChangesEnabled = detect;
        var entity = await forUpdate.SingleOrDefaultAsync(ct);
        if (entity is not null && maybeStale) await db.Entry(entity).ReloadAsync(ct);
        return entity;
    }
}
