using Hangfire;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Worker.Retention;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Worker.Photos;

public sealed class PhotoJobs(PhotoCheckJob check, RetentionJob retention, AppDbContext db, IBackgroundJobClient jobs, IOptions<JobsOptions> options,
    TimeProvider clock) : IPhotoJobs
{
    public Task CheckAsync(Guid photoId, CancellationToken cancellationToken) => check.CheckAsync(photoId, cancellationToken);

    /// <summary>
    /// Nothing is lost: a photo still in uploaded (its job never ran, or enqueueing failed after the commit) or in
    /// checking past the lease (its worker died) is checked again.
    /// </summary>
    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var quiet = now - options.Value.SweepInterval;
        var lease = now - options.Value.CheckLease;
        var stuck = await db.Photos.AsNoTracking()
            .Where(p => (p.Status == PhotoStatus.Uploaded && p.CreatedAt < quiet) || (p.Status == PhotoStatus.Checking && p.CheckStartedAt < lease))
            .OrderBy(p => p.CreatedAt).Select(p => p.Id).Take(1000).ToListAsync(cancellationToken);
        foreach (var id in stuck) jobs.Enqueue<IPhotoJobs>(j => j.CheckAsync(id, CancellationToken.None));
    }

    public Task RetentionAsync(CancellationToken cancellationToken) => retention.RunAsync(cancellationToken);
}
