using FluentValidation;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Identity;

namespace ImageCollection.Api.Features.Enrollments;

/// <summary>
/// Enrolling in a batch: consent to the collection agreement, and identity either by the CHSI collection code (the QR
/// text, or a screenshot of the QR as base64) with the last 4 characters of the ID number, or by details typed by hand.
/// </summary>
public sealed record EnrollRequest(
    bool AcceptAgreement,
    string AgreementVersion,
    IdentityMethod Method,
    string Name,
    string? CollectionCode = null,
    [property: Text(MaxLength = QrCodeReader.MaxImageBytes / 3 * 4 + 4)] string? CollectionCodeImage = null,
    string? IdLast4 = null,
    string? StudentNumber = null,
    Sex? Sex = null,
    IdType? IdType = null,
    string? IdNumber = null,
    string? Major = null,
    string? ClassName = null,
    string? EducationLevel = null,
    string? SchoolName = null,
    string? SchoolCategory = null,
    string? Email = null,
    string? Phone = null);

public sealed class EnrollRequestValidator : AbstractValidator<EnrollRequest>
{
    public EnrollRequestValidator(TimeProvider clock)
    {
        RuleFor(r => r.AcceptAgreement).Equal(true)
            .WithMessage("Enrolling needs your acceptance of the collection agreement (photos and ID numbers are sensitive personal information).");
        RuleFor(r => r.AgreementVersion).NotEmpty().MaximumLength(40);
        RuleFor(r => r.Method).IsInEnum();
        RuleFor(r => r.Name).NotEmpty().MaximumLength(50);
        RuleFor(r => r.Email).EmailAddress().MaximumLength(254).When(r => !string.IsNullOrEmpty(r.Email));
        RuleFor(r => r.Phone).Must(p => IdentityDocuments.IsMainlandMobile(p!)).When(r => !string.IsNullOrEmpty(r.Phone))
            .WithMessage("A mainland mobile number has 11 digits starting with 13–19.");
        RuleFor(r => r.StudentNumber).MaximumLength(30).Matches("^[0-9A-Za-z-]*$").WithMessage("A student number has letters, digits or '-'.");
        RuleFor(r => r.IdLast4).Matches("^[0-9Xx]{4}$").When(r => !string.IsNullOrEmpty(r.IdLast4))
            .WithMessage("The last 4 characters of an ID number are 4 digits or X.");
        RuleFor(r => r.Major).MaximumLength(100);
        RuleFor(r => r.ClassName).MaximumLength(100);
        RuleFor(r => r.EducationLevel).MaximumLength(40);
        RuleFor(r => r.SchoolName).MaximumLength(100);
        RuleFor(r => r.SchoolCategory).MaximumLength(40);

        When(r => r.Method == IdentityMethod.CollectionCode, () =>
        {
            RuleFor(r => r.CollectionCode).NotEmpty().When(r => string.IsNullOrEmpty(r.CollectionCodeImage))
                .WithMessage("Send the collection code (the QR text) or a screenshot of its QR.");
            RuleFor(r => r.CollectionCodeImage).Empty().When(r => !string.IsNullOrEmpty(r.CollectionCode))
                .WithMessage("Send either the collection code or its screenshot, not both.");
            RuleFor(r => r.CollectionCode).Must(c => FormatOnlyCollectionCodeVerifier.CheckFormat(c!.Trim()) is null)
                .When(r => !string.IsNullOrEmpty(r.CollectionCode))
                .WithMessage("A collection code has 16 to 512 printable characters and no spaces.");
            RuleFor(r => r.CollectionCodeImage).Must(BeBase64Image).When(r => !string.IsNullOrEmpty(r.CollectionCodeImage))
                .WithMessage($"The screenshot must be a base64 PNG or JPEG of at most {QrCodeReader.MaxImageBytes / 1024 / 1024} MB.");
            RuleFor(r => r.CollectionCodeImage).Must(i => QrCodeReader.Refusal(Convert.FromBase64String(i!)) is null)
                .When(r => !string.IsNullOrEmpty(r.CollectionCodeImage) && BeBase64Image(r.CollectionCodeImage))
                .WithMessage(r => QrCodeReader.Refusal(Convert.FromBase64String(r.CollectionCodeImage!))!);
            RuleFor(r => r.IdLast4).NotEmpty().Matches("^[0-9Xx]{4}$").WithMessage("Give the last 4 characters of your ID number.");
        });
        When(r => r.Method == IdentityMethod.Manual, () =>
        {
            RuleFor(r => r.StudentNumber).NotEmpty();
            RuleFor(r => r.Sex).NotNull().IsInEnum();
            RuleFor(r => r.IdType).NotNull().IsInEnum();
            RuleFor(r => r.IdNumber).NotEmpty().MaximumLength(30);
            RuleFor(r => r.IdNumber).Must((r, n) => IdentityDocuments.Problem(r.IdType!.Value, n!, ChinaTime.Today(clock)) is null)
                .When(r => r.IdType is not null && !string.IsNullOrEmpty(r.IdNumber))
                .WithMessage((r, n) => IdentityDocuments.Problem(r.IdType!.Value, n!, ChinaTime.Today(clock))!);
            RuleFor(r => r.Major).NotEmpty();
            RuleFor(r => r.EducationLevel).NotEmpty();
            RuleFor(r => r.SchoolName).NotEmpty();
            RuleFor(r => r.SchoolCategory).NotEmpty();
            RuleFor(r => r.Email).NotEmpty();
            RuleFor(r => r.Phone).NotEmpty();
        });
    }

    private static bool BeBase64Image(string? value)
    {
        if (value is null || value.Length > QrCodeReader.MaxImageBytes / 3 * 4 + 4) return false;
        var bytes = new byte[value.Length];
        return Convert.TryFromBase64String(value, bytes, out var n) && n >= 8;
    }
}

/// <summary>The shipping address for paper prints of online photos.</summary>
public sealed record ShippingRequest(string RecipientName, string Phone, string Province, string City, string District, string Street);

public sealed class ShippingRequestValidator : AbstractValidator<ShippingRequest>
{
    public ShippingRequestValidator()
    {
        RuleFor(r => r.RecipientName).NotEmpty().MaximumLength(50);
        RuleFor(r => r.Phone).NotEmpty().Must(IdentityDocuments.IsMainlandMobile).WithMessage("A mainland mobile number has 11 digits starting with 13–19.");
        RuleFor(r => r.Province).NotEmpty().MaximumLength(40);
        RuleFor(r => r.City).NotEmpty().MaximumLength(40);
        RuleFor(r => r.District).NotEmpty().MaximumLength(40);
        RuleFor(r => r.Street).NotEmpty().MaximumLength(200);
    }
}
