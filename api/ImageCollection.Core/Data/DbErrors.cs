using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ImageCollection.Core.Data;

public static class DbErrors
{
    /// <summary>A unique index refused the row: another request made the same record first (a race the caller resolves).</summary>
    public static bool IsUniqueViolation(this DbUpdateException e) =>
        e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
