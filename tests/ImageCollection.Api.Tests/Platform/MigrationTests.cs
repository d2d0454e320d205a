using ImageCollection.Core.Data;
using ImageCollection.Testing;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Platform;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_build_an_empty_database_and_match_the_model()
    {
        var pg = await PostgresServer.SharedAsync();
        var options = new DbContextOptionsBuilder<AppDbContext>();
        DataRegistration.Configure(options, await pg.CreateDatabaseAsync("migrate"));
        await using var db = new AppDbContext(options.Options);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.NotEmpty(await db.Database.GetPendingMigrationsAsync());
        await db.Database.MigrateAsync();

        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        Assert.False(db.Model.GetRelationalModel() is null);
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes no migration covers: add a migration.");
        Assert.Equal(0, await db.Enrollments.CountAsync());
        // Applying again is harmless (the run command migrates at every start).
        await db.Database.MigrateAsync();
    }
}
