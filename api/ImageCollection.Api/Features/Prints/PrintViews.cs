using FluentValidation;
using ImageCollection.Core.Domain;
using ImageCollection.Core.PersonalData;

namespace ImageCollection.Api.Features.Prints;

/// <summary>A batch's print terms: the size with its millimetres and how many fit on a sheet, copies, caption, delivery, reprint fee.</summary>
public sealed record PrintOfferView(PrintLayout Layout, string Size, double WidthMm, double HeightMm, int PerSheet, int Copies, string Caption,
    PrintDelivery Delivery, long? ReprintFeeFen)
{
    public static PrintOfferView? Of(PrintOffer? o) => o is null ? null
        : new(o.Layout, o.Format.Label, o.Format.WidthMm, o.Format.HeightMm, o.Format.PerSheet, o.Copies, o.Caption, o.Delivery, o.ReprintFeeFen);
}

/// <summary>Sell prints with the batch. Caption tokens: {studentNumber}, {name}, {class}, {department}; default "{studentNumber} {name}".</summary>
public sealed record PrintOfferRequest(PrintLayout Layout, int Copies, PrintDelivery Delivery, string? Caption = null, long? ReprintFeeFen = null)
{
    public PrintOffer ToOffer() => new(Layout, Copies, string.IsNullOrWhiteSpace(Caption) ? PrintOffer.DefaultCaption : Caption.Trim(), Delivery,
        ReprintFeeFen);
}

public sealed class PrintOfferRequestValidator : AbstractValidator<PrintOfferRequest>
{
    public PrintOfferRequestValidator()
    {
        RuleFor(r => r.Layout).IsInEnum();
        RuleFor(r => r.Delivery).IsInEnum();
        RuleFor(r => r.Copies).InclusiveBetween(1, 40);
        RuleFor(r => r.Caption).MaximumLength(60)
            .Must(c => c is null || !c.Any(char.IsControl)).WithMessage("No control characters.")
            .Must(c => c is null || Unknown(c) is null)
            .WithMessage(c => $"Unknown token {Unknown(c.Caption!)}: one of {string.Join(", ", PrintOffer.CaptionTokens)}.");
        RuleFor(r => r.ReprintFeeFen).InclusiveBetween(1, 100_000);
    }

    private static string? Unknown(string caption)
    {
        var rest = PrintOffer.CaptionTokens.Aggregate(caption, (text, token) => text.Replace(token, ""));
        var open = rest.IndexOf('{');
        return open < 0 ? null : rest[open..(rest.IndexOf('}', open) is var close and >= 0 ? close + 1 : rest.Length)];
    }
}

/// <summary>A parcel or class pack as lists show it: the recipient masked (the courier export is the one place it is not).</summary>
public sealed record ParcelView(Guid Id, string Reference, ParcelKind Kind, ParcelStatus Status, string? Department, string? ClassName,
    string? Recipient, string? Phone, string? Region, string Contents, int Students, string? Courier, string? TrackingNumber, DateTimeOffset? ShippedAt,
    DateTimeOffset? HandedOverAt)
{
    public static ParcelView Of(Parcel p, int students) => new(p.Id, p.Reference, p.Kind, p.Status, p.Department, p.ClassName,
        p.Recipient is { } r ? Mask.Name(r.RecipientName) : null, p.Recipient?.Phone.Masked,
        p.Recipient is { } a ? $"{a.Province} {a.City} {a.District}" : null,
        p.Contents, students, p.Courier, p.TrackingNumber, p.ShippedAt.ToChina(), p.HandedOverAt.ToChina());
}

public sealed record ReprintRequest(int Copies);

public sealed class ReprintRequestValidator : AbstractValidator<ReprintRequest>
{
    public ReprintRequestValidator() => RuleFor(r => r.Copies).InclusiveBetween(1, 20);
}

/// <summary>A student's prints: the batch's terms, whether an address is needed or locked (and why), what is printed and where it is.</summary>
public sealed record MyPrintsView(PrintOfferView? Offer, bool AddressRequired, bool HasAddress, string? AddressLockedReason, IReadOnlyList<MyPrintItem> Items,
    IReadOnlyList<MyParcel> Parcels);

/// <summary>waiting (for the next print run), printing (in a run, not yet shipped or handed over), shipped, handed_over.</summary>
public sealed record MyPrintItem(Guid Id, PrintItemKind Kind, int Copies, string State, string? ParcelReference, DateTimeOffset CreatedAt);

public sealed record MyParcel(string Reference, ParcelKind Kind, ParcelStatus Status, string? Courier, string? TrackingNumber, DateTimeOffset? ShippedAt,
    DateTimeOffset? HandedOverAt);
