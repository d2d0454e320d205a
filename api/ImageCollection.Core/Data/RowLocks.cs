using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Core.Data;

/// <summary>
/// <c>SELECT … FOR UPDATE</c> that also refreshes an entity this context already tracks: EF returns the tracked
/// instance as it was, which another process may have changed before we took the lock.
/// </summary>
public static class RowLocks
{
    public static async Task<T?> LockAsync<T>(this AppDbContext db, IQueryable<T> forUpdate, CancellationToken ct) where T : class
    {
        var entity = await forUpdate.SingleOrDefaultAsync(ct);
        if (entity is not null) await db.Entry(entity).ReloadAsync(ct);
        return entity;
    }
}
