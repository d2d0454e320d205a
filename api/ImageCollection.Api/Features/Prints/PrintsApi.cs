using System.Security.Claims;
using Hangfire;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Features.Delivery;
using ImageCollection.Api.Features.Orders;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Data;
using ImageCollection.Core.Delivery;
using ImageCollection.Core.Documents;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.PersonalData;
using ImageCollection.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Api.Features.Prints;

/// <summary>
/// Paper prints: a batch's print terms, print runs (planned here, rendered by the worker into a zip of 300-dpi sheets,
/// pick list and envelope labels), the courier export (the one place addresses and phones are unmasked, audited), the
/// tracking import, class packs handed over; and for students their prints, their parcels and reprints (加洗).
/// </summary>
public static class PrintsApi
{
    public static WebApplicationBuilder AddPrints(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PrintRuns>();
        builder.Services.AddScoped<TrackingImport>();
        builder.Services.AddScoped<Reprints>();
        return builder;
    }

    public static IEndpointRouteBuilder MapPrintsApi(this IEndpointRouteBuilder app)
    {
        var staff = app.MapGroup("/api/v1/staff").WithTags("Prints").RequireAuthorization(Policies.Support)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        staff.MapGet("/batches/{batchId:guid}/prints", GetOffer).WithName("GetPrintOffer");
        staff.MapPut("/batches/{batchId:guid}/prints", SetOffer).WithName("SetPrintOffer").ProducesProblem(409)
            .WithSummary("Sell prints with the batch: layout, copies, caption, with the school or posted, reprint fee per copy");
        staff.MapDelete("/batches/{batchId:guid}/prints", StopOffer).WithName("StopPrintOffer").ProducesProblem(409)
            .WithSummary("Stop selling prints (refused once a print run has printed for the batch)");
        staff.MapPost("/batches/{batchId:guid}/print-runs", StartRun).WithName("StartPrintRun").ProducesProblem(409)
            .WithSummary("Plan a print run (approved photos, paid reprints; parcels or class packs) and have the worker render it");
        staff.MapGet("/batches/{batchId:guid}/print-runs", ListRuns).WithName("ListPrintRuns");
        staff.MapGet("/print-runs/{id:guid}", GetRun).WithName("GetPrintRun").WithSummary("A print run's progress and its parcels (masked)");
        staff.MapPost("/print-runs/{id:guid}/download", DownloadRun).WithName("DownloadPrintRun").ProducesProblem(409)
            .WithSummary("An expiring link to the rendered run: sheets per parcel or class pack, pick list, envelope labels (audited)");
        staff.MapGet("/print-runs/{id:guid}/courier-export", CourierExport).WithName("ExportParcelsForCourier")
            .Produces(StatusCodes.Status200OK, contentType: Tables.XlsxContentType).ProducesProblem(409)
            .WithSummary("The run's parcels not yet shipped, for the courier's bulk-order tool: the one place addresses and phones are unmasked (audited)");
        staff.MapPost("/print-runs/{id:guid}/tracking", ImportTracking).WithName("ImportTrackingNumbers").AcceptsTable().ProducesProblem(422)
            .WithSummary("Tracking numbers (CSV or xlsx: 订单号, 快递公司, 快递单号): all rows or none; each shipped parcel tells its student");
        staff.MapPost("/parcels/{id:guid}/handed-over", HandOver).WithName("HandOverClassPack").ProducesProblem(409)
            .WithSummary("A class pack was handed to the school");

        var student = app.MapGroup("/api/v1/enrollments/{id:guid}").WithTags("Prints").RequireAuthorization(Policies.Student)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        student.MapGet("/prints", MyPrints).WithName("GetMyPrints").WithSummary("The batch's prints, mine, and where my parcel is (courier, tracking number)");
        student.MapPost("/reprints", OrderReprint).WithName("OrderReprint").ProducesProblem(409).ProducesProblem(503)
            .WithSummary("Order extra copies (加洗): an order with wx.requestPayment parameters; printed in the next print run once paid");
        return app;
    }

    public sealed record PrintRunView(DeliveryApi.PackageView Run, int Parcels, int Packed, int Shipped, int HandedOver, IReadOnlyList<ParcelView> ParcelList);

    public sealed record PrintRunStarted(DeliveryApi.PackageView Run, int Students, int Sheets, int Parcels, int StudentsWithoutAddress);

    public sealed record HandedOverView(ParcelView Parcel, int EnrollmentsCompleted);

    private static Task<Batch?> BatchAsync(AppDbContext db, Guid batchId, CancellationToken ct) =>
        db.Batches.SingleOrDefaultAsync(b => b.Id == batchId, ct);

    private static Task<bool> AnyPrintedAsync(AppDbContext db, Guid batchId, CancellationToken ct) =>
        db.PrintItems.AnyAsync(i => i.BatchId == batchId && i.RunId != null, ct);

    public static async Task<Results<Ok<PrintOfferView>, NoContent, NotFound>> GetOffer(Guid batchId, AppDbContext db, CancellationToken ct)
    {
        var batch = await BatchAsync(db, batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        return PrintOfferView.Of(batch.Prints) is { } view ? TypedResults.Ok(view) : TypedResults.NoContent();
    }

    public static async Task<Results<Ok<PrintOfferView>, NotFound>> SetOffer(Guid batchId, PrintOfferRequest request, AppDbContext db, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var batch = await BatchAsync(db, batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        var before = batch.Prints;
        batch.ChangePrints(request.ToOffer(), await AnyPrintedAsync(db, batchId, ct), clock.GetUtcNow());
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "batch.prints_changed", nameof(Batch), batchId, before, batch.Prints, clock.GetUtcNow()));
        await SaveAsync(db, ct);
        return TypedResults.Ok(PrintOfferView.Of(batch.Prints)!);
    }

    public static async Task<Results<NoContent, NotFound>> StopOffer(Guid batchId, AppDbContext db, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var batch = await BatchAsync(db, batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        var before = batch.Prints;
        batch.ChangePrints(null, await AnyPrintedAsync(db, batchId, ct), clock.GetUtcNow());
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "batch.prints_changed", nameof(Batch), batchId, before, null, clock.GetUtcNow()));
        await SaveAsync(db, ct);
        return TypedResults.NoContent();
    }

    private static async Task SaveAsync(AppDbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw DomainException.Conflict("batch.concurrent_change", "The batch changed at the same moment; reload it and try again.");
        }
    }

    public static async Task<Results<Accepted<PrintRunStarted>, NotFound>> StartRun(Guid batchId, AppDbContext db, PrintRuns runs, IBackgroundJobClient jobs,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var batch = await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        PrintRuns.Planned planned;
        try
        {
            planned = await runs.PlanAsync(batch, user.Actor(), clock.GetUtcNow(), ct);
        }
        catch (DbUpdateException e) when (e is DbUpdateConcurrencyException || e.IsUniqueViolation())
        {
            throw DomainException.Conflict("prints.concurrent", "Prints of this batch changed at the same moment; try again.");
        }
        jobs.Enqueue<IPackageJobs>(j => j.BuildAsync(planned.Run.Id, CancellationToken.None));
        return TypedResults.Accepted($"/api/v1/staff/print-runs/{planned.Run.Id}",
            new PrintRunStarted(DeliveryApi.ToView(planned.Run), planned.Students, planned.Sheets, planned.Parcels, planned.WithoutAddress));
    }

    private static IQueryable<PackageJob> Runs(AppDbContext db) => db.PackageJobs.AsNoTracking().Where(p => p.Kind == PackageKind.Prints);

    public static async Task<Results<Ok<List<DeliveryApi.PackageView>>, NotFound>> ListRuns(Guid batchId, AppDbContext db, CancellationToken ct)
    {
        if (!await db.Batches.AnyAsync(b => b.Id == batchId, ct)) return TypedResults.NotFound();
        var runs = await Runs(db).Where(p => p.BatchId == batchId).OrderByDescending(p => p.CreatedAt).Take(100).ToListAsync(ct);
        return TypedResults.Ok(runs.Select(DeliveryApi.ToView).ToList());
    }

    public static async Task<Results<Ok<PrintRunView>, NotFound>> GetRun(Guid id, AppDbContext db, CancellationToken ct)
    {
        var run = await Runs(db).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (run is null) return TypedResults.NotFound();
        var parcels = await db.Parcels.AsNoTracking().Where(p => p.RunId == id).OrderBy(p => p.Reference).ToListAsync(ct);
        var students = await db.PrintItems.Where(i => i.RunId == id).GroupBy(i => i.ParcelId)
            .Select(g => new { g.Key, Count = g.Select(i => i.EnrollmentId).Distinct().Count() }).ToDictionaryAsync(x => x.Key!.Value, x => x.Count, ct);
        return TypedResults.Ok(new PrintRunView(DeliveryApi.ToView(run), parcels.Count, parcels.Count(p => p.Status == ParcelStatus.Packed),
            parcels.Count(p => p.Status == ParcelStatus.Shipped), parcels.Count(p => p.Status == ParcelStatus.HandedOver),
            parcels.Select(p => ParcelView.Of(p, students.GetValueOrDefault(p.Id))).ToList()));
    }

    public static async Task<Results<Ok<DeliveryApi.DownloadLink>, NotFound>> DownloadRun(Guid id, AppDbContext db, IObjectStore store,
        IOptions<DeliveryOptions> options, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct) =>
        await Runs(db).AnyAsync(p => p.Id == id, ct) ? await DeliveryApi.Download(id, db, store, options, clock, user, ct) : TypedResults.NotFound();

    /// <summary>Columns as couriers' bulk-order templates name them (收件人, 联系电话, 省, 市, 区, 详细地址, 订单号, 物品).</summary>
    public static readonly string[] CourierColumns = ["收件人", "联系电话", "省份", "城市", "区县", "详细地址", "订单号", "物品内容"];

    public static async Task<IResult> CourierExport(Guid id, AppDbContext db, PersonalDataProtector personalData, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var run = await Runs(db).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (run is null) return TypedResults.NotFound();
        var parcels = await db.Parcels.AsNoTracking().Where(p => p.RunId == id && p.Kind == ParcelKind.Post && p.Status == ParcelStatus.Packed)
            .OrderBy(p => p.Reference).ToListAsync(ct);
        if (parcels.Count == 0)
            throw DomainException.Conflict("prints.nothing_to_ship", "This print run has no posted parcel waiting for a courier.");
        var rows = parcels.Select(p => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["收件人"] = p.Recipient!.RecipientName, ["联系电话"] = personalData.Decrypt(PersonalField.Phone, p.Recipient.Phone.Cipher),
            ["省份"] = p.Recipient.Province, ["城市"] = p.Recipient.City, ["区县"] = p.Recipient.District, ["详细地址"] = p.Recipient.Street,
            ["订单号"] = p.Reference, ["物品内容"] = p.Contents,
        }).ToList();
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "print_run.courier_exported", nameof(PackageJob), id, null,
            new { Parcels = parcels.Count, References = parcels.Select(p => p.Reference).ToList() }, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        var featureCode = await db.Batches.Where(b => b.Id == run.BatchId).Select(b => b.FeatureCode).SingleAsync(ct);
        return await Spreadsheets.FileAsync(rows, "xlsx", $"courier-{featureCode}-{run.CreatedAt.ToChina():yyyyMMdd-HHmm}", ct);
    }

    public static async Task<Results<Ok<TrackingImport.TrackingSummary>, NotFound>> ImportTracking(Guid id, HttpRequest request, AppDbContext db,
        TrackingImport import, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var run = await Runs(db).SingleOrDefaultAsync(p => p.Id == id, ct);
        if (run is null) return TypedResults.NotFound();
        var rows = await UploadedTables.ReadAsync(request, ct);
        return TypedResults.Ok(await import.ApplyAsync(run, rows, user.Actor(), clock.GetUtcNow(), ct));
    }

    public static async Task<Results<Ok<HandedOverView>, NotFound>> HandOver(Guid id, AppDbContext db, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken ct)
    {
        var parcel = await db.Parcels.SingleOrDefaultAsync(p => p.Id == id, ct);
        if (parcel is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var completed = 0;
        if (parcel.HandedOver(user.Actor(), now) is { } change)
        {
            db.StatusChanges.Add(change);
            var enrollments = await db.PrintItems.Where(i => i.ParcelId == id && i.Kind == PrintItemKind.Included).Select(i => i.EnrollmentId).ToListAsync(ct);
            completed = await Completion.PrintsDoneAsync(db, enrollments, "prints handed to the school", user.Actor(), now, ct);
            db.AuditEntries.Add(new AuditEntry(user.Actor(), "parcel.handed_over", nameof(Parcel), id, null,
                new { parcel.Reference, parcel.Department, parcel.ClassName, EnrollmentsCompleted = completed }, now));
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                throw DomainException.Conflict("parcel.concurrent", "This pack changed at the same moment; reload it.");
            }
        }
        var students = await db.PrintItems.Where(i => i.ParcelId == id).Select(i => i.EnrollmentId).Distinct().CountAsync(ct);
        return TypedResults.Ok(new HandedOverView(ParcelView.Of(parcel, students), completed));
    }

    public static async Task<Results<Ok<MyPrintsView>, NotFound>> MyPrints(Guid id, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var studentId = user.UserId();
        var e = await db.Enrollments.AsNoTracking().Include(x => x.Batch).SingleOrDefaultAsync(x => x.Id == id && x.StudentId == studentId, ct);
        if (e is null) return TypedResults.NotFound();
        var items = await db.PrintItems.AsNoTracking().Where(i => i.EnrollmentId == id).OrderBy(i => i.CreatedAt).ToListAsync(ct);
        var parcelIds = items.Where(i => i.ParcelId != null).Select(i => i.ParcelId!.Value).Distinct().ToList();
        var parcels = await db.Parcels.AsNoTracking().Where(p => parcelIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, ct);
        string State(PrintItem i) => i.ParcelId is { } p && parcels.TryGetValue(p, out var parcel)
            ? parcel.Status switch { ParcelStatus.Shipped => "shipped", ParcelStatus.HandedOver => "handed_over", _ => "printing" } : "waiting";
        return TypedResults.Ok(new MyPrintsView(PrintOfferView.Of(e.Batch!.Prints), e.Batch.PostsPrints, e.Shipping is not null,
            await AddressLockAsync(db, id, ct),
            items.Select(i => new MyPrintItem(i.Id, i.Kind, i.Copies, State(i), i.ParcelId is { } p && parcels.TryGetValue(p, out var parcel) ? parcel.Reference
                : null, i.CreatedAt.ToChina())).ToList(),
            parcels.Values.OrderBy(p => p.CreatedAt).Select(p => new MyParcel(p.Reference, p.Kind, p.Status, p.Courier, p.TrackingNumber,
                p.ShippedAt.ToChina(), p.HandedOverAt.ToChina())).ToList()));
    }

    /// <summary>Why the address can no longer change: a posted parcel of theirs is packed in a print run and not yet shipped; null when it can.</summary>
    public static async Task<string?> AddressLockAsync(AppDbContext db, Guid enrollmentId, CancellationToken ct) =>
        await db.Parcels.Where(p => p.EnrollmentId == enrollmentId && p.Kind == ParcelKind.Post && p.Status == ParcelStatus.Packed)
            .Select(p => p.Reference).FirstOrDefaultAsync(ct) is { } reference
            ? $"您的纸质照片已进入印制批次（包裹 {reference}），将寄往原地址，收件信息不能再修改；如需帮助请联系客服。"
              + $" Your prints are in a print run (parcel {reference}) and go to the address given; it can no longer change."
            : null;

    public static async Task<Results<Ok<StudentOrderResponse>, NotFound>> OrderReprint(Guid id, ReprintRequest request, Reprints reprints, ClaimsPrincipal user,
        CancellationToken ct) =>
        await reprints.OrderAsync(id, user.UserId(), request.Copies, ct) is { } order ? TypedResults.Ok(order) : TypedResults.NotFound();
}
