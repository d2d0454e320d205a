using ImageCollection.Api.Features.Prints;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Batches;

/// <summary>A student types the feature code from the school's notice and sees what the batch is.</summary>
public static class BatchLookupApi
{
    public static IEndpointRouteBuilder MapBatchLookupApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/batches").WithTags("Student batches").AllowAnonymous();
        group.MapGet("/", Find).WithName("FindBatches")
            .WithSummary("Open batches of a school by its school and region code (院校代码 + 地区码), e.g. walk-in ones");
        group.MapGet("/{featureCode}", Lookup).WithName("LookupBatch")
            .WithSummary("Public facts of a batch by its feature code (case-insensitive), with warnings").ProducesProblem(404);
        return app;
    }

    public sealed record Warning(string Code, string Message);

    public sealed record PublicSession(string Location, DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<string> Groups,
        DateTimeOffset? AssemblyAt);

    public sealed record PublicBatch(string FeatureCode, string SchoolName, string SchoolCode, string RegionCode, string SchoolCategory,
        CollectionType CollectionType, string Population, int GraduationYear, long FeeFen, Payer Payer,
        DateTimeOffset PaymentOpensAt, DateTimeOffset PaymentClosesAt, DateTimeOffset CollectionOpensAt, DateTimeOffset CollectionClosesAt,
        DateTimeOffset RefundClosesAt, int SubmissionLimit, int ResubmissionWindowHours, IReadOnlyList<string> AllowedBackgrounds,
        BatchStatus Status, IReadOnlyList<PublicSession> Sessions, Studio? Studio, BatchNotice? Notice, PrintOfferView? Prints,
        IReadOnlyList<Warning> Warnings);

    /// <summary>An open batch as a walk-in student finds it by school and region code.</summary>
    public sealed record BatchListing(string FeatureCode, string SchoolName, string SchoolCode, string RegionCode, CollectionType CollectionType,
        string Population, int GraduationYear, long FeeFen, Payer Payer, DateTimeOffset CollectionOpensAt, DateTimeOffset CollectionClosesAt,
        Studio? Studio);

    public static async Task<Results<Ok<PublicBatch>, NotFound>> Lookup(string featureCode, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var code = FeatureCodes.Normalize(featureCode);
        var batch = await db.Batches.AsNoTracking().Include(b => b.School).Include(b => b.Sessions)
            .SingleOrDefaultAsync(b => b.FeatureCode == code && b.Status != BatchStatus.Draft, ct);
        if (batch is null) throw DomainException.NotFound("batch.not_found", "No batch has this feature code; check the code in your school's notice.");
        var now = clock.GetUtcNow();
        var s = batch.School!;
        return TypedResults.Ok(new PublicBatch(batch.FeatureCode, s.Name, s.Code, s.RegionCode, s.Category, batch.CollectionType,
            batch.Population, batch.GraduationYear, batch.FeeFen, batch.Payer, batch.PaymentOpensAt.ToChina(), batch.PaymentClosesAt.ToChina(),
            batch.CollectionOpensAt.ToChina(), batch.CollectionClosesAt.ToChina(), batch.RefundClosesAt.ToChina(), batch.SubmissionLimit,
            (int)batch.ResubmissionWindow.TotalHours, batch.AllowedBackgrounds, batch.Status,
            batch.Sessions.OrderBy(x => x.StartsAt).Select(x => new PublicSession(x.Location, x.StartsAt.ToChina(), x.EndsAt.ToChina(),
                x.Groups, x.AssemblyAt.ToChina())).ToList(), batch.Studio, batch.Notice, PrintOfferView.Of(batch.Prints),
            await WarningsAsync(db, batch, now, ct)));
    }

    /// <summary>
    /// How a walk-in student finds a batch without a feature code: the school code and region code one notice tells
    /// them (院校代码 12736, 地区码 19). Only batches open now and not yet ended; by type when asked.
    /// </summary>
    public static async Task<Ok<List<BatchListing>>> Find(string schoolCode, string regionCode, string? type, AppDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        if (schoolCode.Trim().Length != 5 || !schoolCode.Trim().All(char.IsAsciiDigit))
            throw RequestValidationException.For("schoolCode", "院校代码 is 5 digits.");
        if (regionCode.Trim().Length != 2 || !regionCode.Trim().All(char.IsAsciiDigit))
            throw RequestValidationException.For("regionCode", "地区码 is 2 digits.");
        var typeFilter = QueryEnum.Parse<CollectionType>(type, "type");
        var now = clock.GetUtcNow();
        var (code, region) = (schoolCode.Trim(), regionCode.Trim());
        var query = db.Batches.AsNoTracking().Include(b => b.School)
            .Where(b => b.School!.Code == code && b.School.RegionCode == region && b.Status == BatchStatus.Open && b.CollectionClosesAt > now);
        if (typeFilter is not null) query = query.Where(b => b.CollectionType == typeFilter);
        var batches = await query.OrderBy(b => b.CollectionClosesAt).Take(50).ToListAsync(ct);
        return TypedResults.Ok(batches.Select(b => new BatchListing(b.FeatureCode, b.School!.Name, b.School.Code, b.School.RegionCode, b.CollectionType,
            b.Population, b.GraduationYear, b.FeeFen, b.Payer, b.CollectionOpensAt.ToChina(), b.CollectionClosesAt.ToChina(), b.Studio)).ToList());
    }

    private static async Task<List<Warning>> WarningsAsync(AppDbContext db, Batch batch, DateTimeOffset now, CancellationToken ct)
    {
        var warnings = new List<Warning>();
        if (batch.HasEnded(now))
            warnings.Add(new("batch.closed", "该批次已结束采集。This batch has closed."));
        else if (now < batch.PaymentOpensAt && now < batch.CollectionOpensAt)
            warnings.Add(new("batch.not_yet_open", $"该批次尚未开始，{batch.PaymentOpensAt.ToChina():yyyy-MM-dd HH:mm} 开始缴费。This batch has not opened yet."));
        if (!batch.IsGroupCollection)
        {
            var group = await db.Batches.AsNoTracking()
                .Where(b => b.SchoolId == batch.SchoolId && b.Population == batch.Population && b.GraduationYear == batch.GraduationYear
                            && b.Status == BatchStatus.Open && b.CollectionClosesAt > now
                            && (b.CollectionType == CollectionType.Onsite || b.CollectionType == CollectionType.Online))
                .Select(b => b.FeatureCode).FirstOrDefaultAsync(ct);
            if (group is not null)
                warnings.Add(new("batch.group_collection_open",
                    $"本校正在进行集中采集（批次 {group}），务必选择集中采集。Your school has a group collection open ({group}): choose it instead."));
        }
        return warnings;
    }
}
