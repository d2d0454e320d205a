using ImageCollection.Api.Features.Prints;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Features.Batches;

public sealed record SchoolSummary(Guid Id, string Name, string Code, string RegionCode, string Category);

public sealed record SessionResponse(Guid Id, string Location, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Stations,
    IReadOnlyList<string> Groups, DateTimeOffset? AssemblyAt, string? Notes);

public sealed record BatchResponse(
    Guid Id, string FeatureCode, SchoolSummary School, CollectionType CollectionType, string Population, int GraduationYear,
    long FeeFen, Payer Payer, DateTimeOffset PaymentOpensAt, DateTimeOffset PaymentClosesAt,
    DateTimeOffset CollectionOpensAt, DateTimeOffset CollectionClosesAt, DateTimeOffset RefundClosesAt,
    int SubmissionLimit, int ResubmissionWindowHours, IReadOnlyList<string> AllowedBackgrounds, BatchStatus Status,
    IReadOnlyList<SessionResponse> Sessions, Studio? Studio, BatchNotice? Notice, PrintOfferView? Prints, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

public static class BatchMapping
{
    public static SchoolSummary Summary(School s) => new(s.Id, s.Name, s.Code, s.RegionCode, s.Category);

    public static SessionResponse ToResponse(CollectionSession s) => new(s.Id, s.Location, s.StartsAt.ToChina(), s.EndsAt.ToChina(),
        s.Stations, s.Groups, s.AssemblyAt.ToChina(), s.Notes);

    /// <summary>The batch as staff see it; needs <c>School</c> and <c>Sessions</c> loaded.</summary>
    public static BatchResponse ToResponse(Batch b) => new(b.Id, b.FeatureCode, Summary(b.School!), b.CollectionType,
        b.Population, b.GraduationYear, b.FeeFen, b.Payer, b.PaymentOpensAt.ToChina(), b.PaymentClosesAt.ToChina(),
        b.CollectionOpensAt.ToChina(), b.CollectionClosesAt.ToChina(), b.RefundClosesAt.ToChina(), b.SubmissionLimit,
        (int)b.ResubmissionWindow.TotalHours, b.AllowedBackgrounds, b.Status,
        b.Sessions.OrderBy(s => s.StartsAt).Select(ToResponse).ToList(), b.Studio, b.Notice, PrintOfferView.Of(b.Prints), b.CreatedAt.ToChina(),
        b.UpdatedAt.ToChina());

    /// <summary>What the audit keeps of a batch: its terms and status, no sessions.</summary>
    public static object Audited(Batch b) => new
    {
        b.FeatureCode, b.SchoolId, b.CollectionType, b.Population, b.GraduationYear, b.FeeFen, b.Payer, b.PaymentOpensAt,
        b.PaymentClosesAt, b.CollectionOpensAt, b.CollectionClosesAt, b.RefundClosesAt, b.SubmissionLimit,
        b.ResubmissionWindow, b.AllowedBackgrounds, b.Status, b.Studio, b.Notice,
    };
}
