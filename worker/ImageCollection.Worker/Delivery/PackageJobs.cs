using Hangfire;
using ImageCollection.Core.Data;
using ImageCollection.Core.Delivery;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Messaging;
using ImageCollection.Core.Storage;
using ImageCollection.Worker.Prints;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Worker.Delivery;

/// <summary>
/// Builds packages: each attempt writes a new object through a multipart upload and renews its lease as it goes; the
/// package is offered only once the upload completed. A new attempt (Hangfire's retry, or the sweeper's after a
/// worker died) first aborts the upload the last one left; an attempt whose lease is still running is not disturbed.
/// </summary>
public sealed class PackageJobs(AppDbContext db, MultipartUploads uploads, IChsiDelivery chsi, SchoolPackage school, PrintRun prints, IBackgroundJobClient jobs,
    IOptions<JobsOptions> jobOptions, IOptions<DeliveryOptions> options, TimeProvider clock, ILogger<PackageJobs> logger) : IPackageJobs
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(1);

    public async Task BuildAsync(Guid packageId, CancellationToken cancellationToken)
    {
        var lease = jobOptions.Value.CheckLease;
        var package = await db.PackageJobs.SingleOrDefaultAsync(p => p.Id == packageId, cancellationToken);
        var now = clock.GetUtcNow();
        if (package is null || package.Status is BulkJobStatus.Completed or BulkJobStatus.Failed || package.IsBeingBuilt(now)) return;
        var batch = await db.Batches.AsNoTracking().Include(b => b.School).SingleAsync(b => b.Id == package.BatchId, cancellationToken);
        if (package.Attempts >= options.Value.MaxPackageAttempts)
        {
            await FailAsync(package, package.Error ?? "the package could not be built", cancellationToken);
            return;
        }
        if (package is { UploadKey: { } oldKey, UploadId: { } oldUpload } && !await uploads.AbortAsync(oldKey, oldUpload, cancellationToken))
            logger.LogWarning("Package {Package}: the upload of the last attempt could not be aborted; the S3 server drops its parts later",
                package.Id);

        var chsiItems = package.Kind == PackageKind.Chsi ? await ChsiItemsAsync(package, batch, cancellationToken) : [];
        var students = package.Kind == PackageKind.School ? await BatchProgress.StudentsAsync(db, batch.Id, cancellationToken) : [];
        var total = package.Kind switch
        {
            PackageKind.Chsi => chsiItems.Count, PackageKind.School => SchoolPackage.Photos(students, package).Count, _ => package.Total, // sheets, as planned
        };
        var key = $"packages/{batch.Id:N}/{package.Id:N}-{package.Attempts + 1}.zip";
        var upload = await uploads.BeginAsync(key, "application/zip", cancellationToken);
        try
        {
            if (package.Started(key, upload.UploadId, total, lease, clock.GetUtcNow()) is { } started) db.StatusChanges.Add(started);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("Package {Package}: another attempt started first", package.Id);
            await upload.AbortAsync(CancellationToken.None);
            await upload.DisposeAsync();
            return;
        }

        await using var zip = await PackageWriter.OpenAsync(upload, cancellationToken);
        var lastSaved = clock.GetUtcNow();
        async Task Progressed(int done)
        {
            if (clock.GetUtcNow() - lastSaved < ProgressEvery) return;
            package.Progressed(done, lease, lastSaved = clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken); // a concurrency failure: another attempt took over, this one stops
        }
        try
        {
            if (package.Kind == PackageKind.Chsi) await chsi.DeliverAsync(chsiItems, zip, Progressed, cancellationToken);
            else if (package.Kind == PackageKind.Prints) await prints.WriteAsync(package, batch, zip, Progressed, cancellationToken);
            else await school.WriteAsync(package, batch, students, zip, Progressed, clock.GetUtcNow(), cancellationToken);
            var (size, sha256) = await zip.CompleteAsync(cancellationToken);
            if (package.Completed(size, sha256, clock.GetUtcNow()) is { } completed) db.StatusChanges.Add(completed);
            db.AuditEntries.Add(new AuditEntry(Actor.System, "package.completed", nameof(PackageJob), package.Id, null,
                new { package.Kind, package.BatchId, package.Total, size, sha256, package.Attempts }, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Package {Package} ({Kind}): {Total} photos, {Size} bytes", package.Id, package.Kind, package.Total, size);
        }
        catch (DbUpdateConcurrencyException)
        {
            logger.LogInformation("Package {Package}: superseded by another attempt", package.Id);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            await zip.DisposeAsync(); // aborts the upload: nothing half-made is ever offered
            db.ChangeTracker.Clear();
            var fresh = await db.PackageJobs.SingleAsync(p => p.Id == packageId, CancellationToken.None);
            if (fresh.Attempts >= options.Value.MaxPackageAttempts)
            {
                logger.LogError(e, "Package {Package} failed after {Attempts} attempts", package.Id, fresh.Attempts);
                await FailAsync(fresh, e.Message, CancellationToken.None);
                return;
            }
            fresh.AttemptFailed(e.Message, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogWarning(e, "Package {Package}: attempt {Attempt} failed; it will be tried again", package.Id, fresh.Attempts);
            throw;
        }
    }

    /// <summary>A failed CHSI package gives its photos back: they go into the next one; a failed print run its prints (its parcels go).</summary>
    private async Task FailAsync(PackageJob package, string error, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (package.Failed(error, now) is { } failed) db.StatusChanges.Add(failed);
        if (package.Kind == PackageKind.Chsi)
            foreach (var photo in await db.Photos.Where(p => p.DeliveryPackageId == package.Id && p.Delivery == DeliveryStatus.Queued).ToListAsync(ct))
                if (photo.DeliveryRefused("the package could not be built", Actor.System, now) is { } change) db.StatusChanges.Add(change);
        if (package.Kind == PackageKind.Prints)
        {
            foreach (var item in await db.PrintItems.Where(i => i.RunId == package.Id).ToListAsync(ct)) item.Released();
            db.Parcels.RemoveRange(await db.Parcels.Where(p => p.RunId == package.Id && p.Status == ParcelStatus.Packed).ToListAsync(ct));
        }
        db.AuditEntries.Add(new AuditEntry(Actor.System, "package.failed", nameof(PackageJob), package.Id, null, new { error }, now));
        await db.SaveChangesAsync(ct);
    }

    private async Task<List<ChsiItem>> ChsiItemsAsync(PackageJob package, Batch batch, CancellationToken ct) =>
        (await (from p in db.Photos.AsNoTracking()
                join e in db.Enrollments.AsNoTracking() on p.EnrollmentId equals e.Id
                where p.DeliveryPackageId == package.Id && p.Delivery == DeliveryStatus.Queued && p.NormalisedKey != null
                select new { p, e }).ToListAsync(ct))
        .Select(x => (x.p, x.e, Id: ChsiIds.For(x.e.Id, x.e.Identity)))
        .OrderBy(x => x.Id.Id, StringComparer.Ordinal)
        .Select(x => new ChsiItem(x.p, x.e, batch.FeatureCode, x.Id.Id, x.Id.Source)).ToList();

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var quiet = now - jobOptions.Value.SweepInterval;
        var stuck = await db.PackageJobs.AsNoTracking()
            .Where(p => (p.Status == BulkJobStatus.Queued && p.CreatedAt < quiet) || (p.Status == BulkJobStatus.Running
                && (p.LeaseUntil == null || p.LeaseUntil < now)))
            .OrderBy(p => p.CreatedAt).Select(p => p.Id).Take(100).ToListAsync(cancellationToken);
        foreach (var id in stuck) jobs.Enqueue<IPackageJobs>(j => j.BuildAsync(id, CancellationToken.None));
    }

    public async Task ProofRemindersAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var due = now.AddDays(-options.Value.ProofReminderDays);
        var photos = await db.Photos.Where(p => p.Delivery == DeliveryStatus.Delivered && p.DeliveredAt <= due && p.ProofReminderSentAt == null
                && p.ProofResult == null && p.Status == PhotoStatus.Approved)
            .OrderBy(p => p.DeliveredAt).Take(500).ToListAsync(cancellationToken);
        if (photos.Count == 0) return;
        var ids = photos.Select(p => p.EnrollmentId).ToList();
        var to = await (from e in db.Enrollments
                        where ids.Contains(e.Id)
                        join s in db.Students on e.StudentId equals s.Id
                        join b in db.Batches on e.BatchId equals b.Id
                        select new { e.Id, s.OpenId, b.FeatureCode }).ToDictionaryAsync(x => x.Id, cancellationToken);
        foreach (var photo in photos)
        {
            photo.ProofReminderSent(now);
            if (to.GetValueOrDefault(photo.EnrollmentId) is { } student)
                db.StudentMessages.Add(StudentMessages.ProofReminder(photo, student.OpenId, student.FeatureCode, now));
        }
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("校对 reminders for {Count} delivered photos", photos.Count);
    }
}

public static class DeliveryRegistration
{
    /// <summary>Packages and print runs, the CHSI channel (the package adapter) and section <c>Delivery</c> (with the print font).</summary>
    public static IHostApplicationBuilder AddDeliveryJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<IPackageJobs, PackageJobs>();
        builder.Services.AddScoped<IChsiDelivery, ChsiPackageDelivery>();
        builder.Services.AddScoped<SchoolPackage>();
        builder.Services.AddScoped<PrintRun>();
        builder.Services.AddDeliveryOptions();
        var fonts = builder.Configuration.GetSection(DeliveryOptions.Section).Get<DeliveryOptions>() ?? new DeliveryOptions();
        PrintFonts.Configure(fonts.PrintFontPath, fonts.PrintLatinFontPath);
        return builder;
    }
}
