using System.Security.Claims;
using FluentValidation;
using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Data;
using ImageCollection.Core.Delivery;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Api.Features.Delivery;

/// <summary>
/// Getting approved photos out: CHSI packages (support builds one per batch, uploads it through the agency's CHSI
/// client, then marks it delivered or imports CHSI's result list), school packages (a batch, department or class,
/// built by the worker), their progress and expiring, audited downloads.
/// </summary>
public static class DeliveryApi
{
    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<ChsiResults>();
        builder.Services.AddDeliveryOptions();
        return builder;
    }

    public static IEndpointRouteBuilder MapDeliveryApi(this IEndpointRouteBuilder app)
    {
        var support = app.MapGroup("/api/v1/staff").WithTags("Delivery").RequireAuthorization(Policies.Support)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        support.MapPost("/batches/{batchId:guid}/chsi-packages", StartChsiPackage).WithName("StartChsiPackage").ProducesProblem(409)
            .WithSummary("Queue the batch's approved photos not yet delivered into a CHSI package, built by the worker");
        support.MapPost("/packages/{id:guid}/delivered", MarkDelivered).WithName("MarkChsiPackageDelivered").ProducesProblem(409)
            .WithSummary("Staff uploaded the CHSI package through the agency's CHSI client: its photos are delivered");
        support.MapPost("/batches/{batchId:guid}/chsi-results", ImportResults).WithName("ImportChsiResults").AcceptsTable()
            .WithSummary("CHSI's result list (CSV or xlsx: student id, result, reason): delivered, failed, 校对 results, comparison failures");

        var schools = app.MapGroup("/api/v1/staff").WithTags("Delivery").RequireAuthorization(Policies.Schools)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        schools.MapPost("/batches/{batchId:guid}/exports", StartExport).WithName("StartSchoolPackage").ProducesProblem(409)
            .WithSummary("A school package of the batch (or one department or class), built by the worker");
        schools.MapGet("/batches/{batchId:guid}/packages", List).WithName("ListPackages");
        schools.MapGet("/packages/{id:guid}", Get).WithName("GetPackage").WithSummary("A package's progress (counts, percent) and, once built, its size");
        schools.MapPost("/packages/{id:guid}/download", Download).WithName("DownloadPackage").ProducesProblem(409)
            .WithSummary("An expiring link to a finished package (every download is audited)");
        return app;
    }

    public sealed record ExportRequest(string? Department = null, string? ClassName = null, bool Folders = false);

    public sealed class ExportRequestValidator : AbstractValidator<ExportRequest>
    {
        public ExportRequestValidator()
        {
            RuleFor(r => r.Department).MaximumLength(100);
            RuleFor(r => r.ClassName).MaximumLength(100);
        }
    }

    public sealed record PackageView(Guid Id, PackageKind Kind, Guid BatchId, string? Department, string? ClassName, bool Folders, BulkJobStatus Status,
        int Total, int Done, int Percent, bool Ready, long? Size, string? Sha256, string? Error, int Attempts, DateTimeOffset CreatedAt,
        DateTimeOffset? CompletedAt, DateTimeOffset? MarkedDeliveredAt);

    public sealed record DownloadLink(Uri Url, string FileName, DateTimeOffset ExpiresAt);

    public sealed record DeliveredView(Guid PackageId, int Delivered, int EnrollmentsCompleted);

    public static PackageView ToView(PackageJob p) => new(p.Id, p.Kind, p.BatchId, p.Department, p.ClassName, p.Folders, p.Status, p.Total, p.Done,
        p.Status == BulkJobStatus.Completed ? 100 : p.Total == 0 ? 0 : (int)(100L * p.Done / p.Total), p.IsReady, p.Size, p.Sha256, p.Error, p.Attempts,
        p.CreatedAt.ToChina(), p.CompletedAt.ToChina(), p.MarkedDeliveredAt.ToChina());

    public static async Task<Results<Accepted<PackageView>, NotFound>> StartChsiPackage(Guid batchId, AppDbContext db, IBackgroundJobClient jobs,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Batches.AnyAsync(b => b.Id == batchId, ct)) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var photos = await db.Photos.Where(p => p.BatchId == batchId && p.Status == PhotoStatus.Approved && p.NormalisedKey != null
                                                 && (p.Delivery == null || p.Delivery == DeliveryStatus.Failed)).ToListAsync(ct);
        if (photos.Count == 0)
            throw DomainException.Conflict("delivery.nothing_to_deliver", "No approved photo of this batch waits for delivery to CHSI.");
        var package = new PackageJob(PackageKind.Chsi, batchId, user.Actor(), now);
        foreach (var photo in photos) db.StatusChanges.Add(photo.QueueForDelivery(package.Id, user.Actor(), now));
        package.Planned(photos.Count);
        db.PackageJobs.Add(package);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "package.requested", nameof(PackageJob), package.Id, null,
            new { package.Kind, batchId, Photos = photos.Count }, now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("delivery.concurrent", "Photos of this batch were queued or changed at the same moment; try again.");
        }
        jobs.Enqueue<IPackageJobs>(j => j.BuildAsync(package.Id, CancellationToken.None));
        return TypedResults.Accepted($"/api/v1/staff/packages/{package.Id}", ToView(package));
    }

    public static async Task<Results<Accepted<PackageView>, NotFound>> StartExport(Guid batchId, ExportRequest request, AppDbContext db,
        IBackgroundJobClient jobs, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Batches.Visible(user).AnyAsync(b => b.Id == batchId, ct)) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var package = new PackageJob(PackageKind.School, batchId, user.Actor(), now, Blank(request.Department), Blank(request.ClassName), request.Folders);
        db.PackageJobs.Add(package);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "package.requested", nameof(PackageJob), package.Id, null,
            new { package.Kind, batchId, package.Department, package.ClassName, package.Folders }, now));
        await db.SaveChangesAsync(ct);
        jobs.Enqueue<IPackageJobs>(j => j.BuildAsync(package.Id, CancellationToken.None));
        return TypedResults.Accepted($"/api/v1/staff/packages/{package.Id}", ToView(package));
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>School staff see their school packages; CHSI packages (collection codes inside) are the agency's.</summary>
    private static IQueryable<PackageJob> Visible(AppDbContext db, ClaimsPrincipal user) =>
        db.PackageJobs.AsNoTracking().Where(p => db.Batches.Visible(user).Any(b => b.Id == p.BatchId)
                                                 && (p.Kind == PackageKind.School || user.SeesAllSchools()));

    public static async Task<Results<Ok<List<PackageView>>, NotFound>> List(Guid batchId, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (!await db.Batches.Visible(user).AnyAsync(b => b.Id == batchId, ct)) return TypedResults.NotFound();
        var packages = await Visible(db, user).Where(p => p.BatchId == batchId).OrderByDescending(p => p.CreatedAt).Take(100).ToListAsync(ct);
        return TypedResults.Ok(packages.Select(ToView).ToList());
    }

    public static async Task<Results<Ok<PackageView>, NotFound>> Get(Guid id, AppDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await Visible(db, user).SingleOrDefaultAsync(p => p.Id == id, ct) is { } package ? TypedResults.Ok(ToView(package)) : TypedResults.NotFound();

    public static async Task<Results<Ok<DownloadLink>, NotFound>> Download(Guid id, AppDbContext db, IObjectStore store, IOptions<DeliveryOptions> options,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var package = await Visible(db, user).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (package is null) return TypedResults.NotFound();
        if (!package.IsReady)
            throw DomainException.Conflict("package.not_ready", package.Status == BulkJobStatus.Failed
                ? "This package could not be built: start a new one." : "This package is still being built: wait until it is complete.");
        var featureCode = await db.Batches.Where(b => b.Id == package.BatchId).Select(b => b.FeatureCode).SingleAsync(ct);
        var now = clock.GetUtcNow();
        var lifetime = options.Value.DownloadLinkLifetime;
        var url = await store.PresignedGetAsync(package.ObjectKey!, lifetime, ct);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "package.downloaded", nameof(PackageJob), package.Id, null,
            new { package.Kind, package.BatchId, package.Sha256 }, now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new DownloadLink(url, package.FileName(featureCode), (now + lifetime).ToChina()));
    }

    public static async Task<Results<Ok<DeliveredView>, NotFound>> MarkDelivered(Guid id, AppDbContext db, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var package = await db.PackageJobs.SingleOrDefaultAsync(p => p.Id == id && p.Kind == PackageKind.Chsi, ct);
        if (package is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        package.MarkedDelivered(now);
        var photos = await db.Photos.Where(p => p.DeliveryPackageId == id && p.Delivery == DeliveryStatus.Queued).ToListAsync(ct);
        var completed = await DeliveryEffects.DeliveredAsync(db, photos, "staff", user.Actor(), now, ct);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "package.marked_delivered", nameof(PackageJob), id, null,
            new { Photos = photos.Count, EnrollmentsCompleted = completed }, now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new DeliveredView(id, photos.Count, completed));
    }

    public static async Task<Results<Ok<ChsiResults.Summary>, NotFound>> ImportResults(Guid batchId, HttpRequest request, AppDbContext db,
        ChsiResults results, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var batch = await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        var rows = await UploadedTables.ReadAsync(request, ct);
        return TypedResults.Ok(await results.ApplyAsync(batch, rows, user.Actor(), clock.GetUtcNow(), ct));
    }
}
