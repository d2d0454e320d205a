using FluentValidation;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Features.Batches;

/// <summary>A new batch: its identity (code, school, type) and its terms. Times carry their offset (China time).</summary>
public sealed record CreateBatchRequest(
    Guid SchoolId, CollectionType CollectionType, BatchTermsRequest Terms, string? FeatureCode = null);

/// <summary>The editable terms of a batch.</summary>
public sealed record BatchTermsRequest(
    string Population,
    int GraduationYear,
    long FeeFen,
    Payer Payer,
    DateTimeOffset PaymentOpensAt,
    DateTimeOffset PaymentClosesAt,
    DateTimeOffset CollectionOpensAt,
    DateTimeOffset CollectionClosesAt,
    DateTimeOffset? RefundClosesAt = null,
    int? SubmissionLimit = null,
    int? ResubmissionWindowHours = null,
    string[]? AllowedBackgrounds = null,
    StudioRequest? Studio = null,
    NoticeRequest? Notice = null)
{
    public BatchTerms ToTerms() => new(Population, GraduationYear, FeeFen, Payer, PaymentOpensAt, PaymentClosesAt,
        CollectionOpensAt, CollectionClosesAt, RefundClosesAt, SubmissionLimit ?? 3,
        TimeSpan.FromHours(ResubmissionWindowHours ?? 48), AllowedBackgrounds is { Length: > 0 } b ? b : [Backgrounds.LightBlue],
        Studio is { } s ? new Studio(s.Address.Trim(), s.OpeningHours?.Trim(), s.Phones?.Trim()) : null,
        Notice is { } n && (n.Contacts ?? n.Assembly ?? n.Dress) is not null ? new BatchNotice(n.Contacts?.Trim(), n.Assembly?.Trim(), n.Dress?.Trim()) : null);
}

/// <summary>The agency studio of a walk-in or make-up batch, as its notice prints it.</summary>
public sealed record StudioRequest(string Address, string? OpeningHours = null, string? Phones = null);

/// <summary>The notice's practical text: contacts (联系方式), where and when to gather (集合说明), what to wear (着装要求).</summary>
public sealed record NoticeRequest([property: Text(MultiLine = true)] string? Contacts = null, [property: Text(MultiLine = true)] string? Assembly = null,
    [property: Text(MultiLine = true)] string? Dress = null);

public sealed class BatchTermsValidator : AbstractValidator<BatchTermsRequest>
{
    public BatchTermsValidator()
    {
        RuleFor(t => t.Population).NotEmpty().MaximumLength(40);
        RuleFor(t => t.Studio!.Address).NotEmpty().MaximumLength(200).When(t => t.Studio is not null).OverridePropertyName("studio.address");
        RuleFor(t => t.Studio!.OpeningHours).MaximumLength(200).When(t => t.Studio is not null).OverridePropertyName("studio.openingHours");
        RuleFor(t => t.Studio!.Phones).MaximumLength(100).When(t => t.Studio is not null).OverridePropertyName("studio.phones");
        RuleFor(t => t.Notice!.Contacts).MaximumLength(500).When(t => t.Notice is not null).OverridePropertyName("notice.contacts");
        RuleFor(t => t.Notice!.Assembly).MaximumLength(1000).When(t => t.Notice is not null).OverridePropertyName("notice.assembly");
        RuleFor(t => t.Notice!.Dress).MaximumLength(1000).When(t => t.Notice is not null).OverridePropertyName("notice.dress");
        RuleFor(t => t.GraduationYear).InclusiveBetween(2000, 2100);
        RuleFor(t => t.FeeFen).GreaterThanOrEqualTo(0).LessThanOrEqualTo(100_000_00);
        RuleFor(t => t.FeeFen).GreaterThan(0).When(t => t.Payer == Payer.Student)
            .WithMessage("A batch students pay for needs a fee above 0 fen.");
        RuleFor(t => t.PaymentClosesAt).GreaterThan(t => t.PaymentOpensAt).WithMessage("The payment window must close after it opens.");
        RuleFor(t => t.CollectionClosesAt).GreaterThan(t => t.CollectionOpensAt).WithMessage("The collection window must close after it opens.");
        RuleFor(t => t.RefundClosesAt).GreaterThan(t => t.PaymentOpensAt).When(t => t.RefundClosesAt is not null)
            .WithMessage("The refund window must close after payment opens.");
        RuleFor(t => t.SubmissionLimit).InclusiveBetween(1, 20).When(t => t.SubmissionLimit is not null);
        RuleFor(t => t.ResubmissionWindowHours).InclusiveBetween(1, 24 * 60).When(t => t.ResubmissionWindowHours is not null);
        RuleForEach(t => t.AllowedBackgrounds).Must(Backgrounds.All.Contains)
            .WithMessage($"Backgrounds are among: {string.Join(", ", Backgrounds.All)}.");
    }
}

public sealed class CreateBatchRequestValidator : AbstractValidator<CreateBatchRequest>
{
    public CreateBatchRequestValidator()
    {
        RuleFor(r => r.FeatureCode).Must(c => FeatureCodes.IsValidGiven(c!)).When(r => !string.IsNullOrEmpty(r.FeatureCode))
            .WithMessage("A feature code has 4 to 6 letters or digits (leave it out to generate one).");
        RuleFor(r => r.SchoolId).NotEmpty();
        RuleFor(r => r.CollectionType).IsInEnum();
        RuleFor(r => r.Terms).NotNull().SetValidator(new BatchTermsValidator());
    }
}

public sealed record SessionRequest(
    string Location, DateTimeOffset StartsAt, DateTimeOffset EndsAt, int Stations, string[]? Groups = null,
    DateTimeOffset? AssemblyAt = null, [property: Text(MultiLine = true)] string? Notes = null)
{
    public CollectionSessionTerms ToTerms() => new(Location, StartsAt, EndsAt, Stations, Groups ?? [], AssemblyAt, Notes);
}

public sealed class SessionRequestValidator : AbstractValidator<SessionRequest>
{
    public SessionRequestValidator()
    {
        RuleFor(r => r.Location).NotEmpty().MaximumLength(200);
        RuleFor(r => r.EndsAt).GreaterThan(r => r.StartsAt).WithMessage("A session must end after it starts.");
        RuleFor(r => r.Stations).InclusiveBetween(1, 50);
        RuleForEach(r => r.Groups).NotEmpty().MaximumLength(100);
        RuleFor(r => r.AssemblyAt).LessThanOrEqualTo(r => r.EndsAt).When(r => r.AssemblyAt is not null);
        RuleFor(r => r.Notes).MaximumLength(1000);
    }
}
