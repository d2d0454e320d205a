using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Platform;

/// <summary>An admin asks a worker to prove storage works end to end (write, read back, delete).</summary>
public static class StorageCheckApi
{
    public static IEndpointRouteBuilder MapStorageCheckApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/system").WithTags("System").RequireAuthorization(Policies.Admin)
            .ProducesProblem(401).ProducesProblem(403);
        group.MapPost("/storage-checks", Request).WithName("RequestStorageCheck").WithSummary("Enqueue a storage self-check for a worker");
        group.MapGet("/storage-checks/{id:guid}", Get).WithName("GetStorageCheck").ProducesProblem(404);
        group.MapPost("/retention-runs", RunRetention).WithName("RunRetention")
            .WithSummary("Run retention now (it also runs daily): delete what can no longer be used");
        return app;
    }

    public static Accepted RunRetention(IBackgroundJobClient jobs)
    {
        jobs.Enqueue<IPhotoJobs>(j => j.RetentionAsync(CancellationToken.None));
        return TypedResults.Accepted((string?)null);
    }

    public sealed record StorageCheckResponse(Guid Id, StorageCheckStatus Status, DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, string? Detail);

    private static StorageCheckResponse ToResponse(StorageCheck c) => new(c.Id, c.Status, c.RequestedAt, c.CompletedAt, c.Detail);

    public static async Task<Accepted<StorageCheckResponse>> Request(AppDbContext db, IBackgroundJobClient jobs, TimeProvider clock,
        System.Security.Claims.ClaimsPrincipal user, CancellationToken ct)
    {
        var check = new StorageCheck(user.UserId(), clock.GetUtcNow());
        db.StorageChecks.Add(check);
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<IStorageCheckJob>(job => job.RunAsync(check.Id, CancellationToken.None));
        return TypedResults.Accepted($"/api/v1/staff/system/storage-checks/{check.Id}", ToResponse(check));
    }

    public static async Task<Results<Ok<StorageCheckResponse>, NotFound>> Get(Guid id, AppDbContext db, CancellationToken ct)
    {
        var check = await db.StorageChecks.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct);
        return check is null ? TypedResults.NotFound() : TypedResults.Ok(ToResponse(check));
    }
}
