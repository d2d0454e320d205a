using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Views;

/// <summary>Identity as shown to its owner and to staff: ID numbers, codes, phones and student numbers masked.</summary>
public sealed record IdentityView(IdentityMethod Method, string Name, string? CollectionCode, bool CollectionCodeVerified,
    string? StudentNumber, Sex? Sex, IdType? IdType, string? IdNumber, string? Major, string? ClassName, string? EducationLevel, string? SchoolName,
    string? SchoolCategory, string? Email, string? Phone);

public sealed record ShippingView(string RecipientName, string Phone, string Province, string City, string District, string Street);

public sealed record EnrollmentBatchView(Guid Id, string FeatureCode, CollectionType CollectionType, string SchoolName, long FeeFen,
    Payer Payer, DateTimeOffset CollectionOpensAt, DateTimeOffset CollectionClosesAt, DateTimeOffset RefundClosesAt);

public sealed record EnrollmentResponse(Guid Id, EnrollmentStatus Status, EnrollmentBatchView Batch, IdentityView Identity,
    string AgreementVersion, DateTimeOffset ConsentedAt, ShippingView? Shipping, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>An enrollment as staff see it: masked, with the student it belongs to.</summary>
public sealed record StaffEnrollmentView(Guid? StudentId, EnrollmentResponse Enrollment);

public static class EnrollmentMapping
{
    /// <summary>Needs <c>Batch</c> and <c>Batch.School</c> loaded.</summary>
    public static StaffEnrollmentView ForStaff(Enrollment e) => new(e.StudentId, ToResponse(e));

    /// <summary>Needs <c>Batch</c> and <c>Batch.School</c> loaded.</summary>
    public static EnrollmentResponse ToResponse(Enrollment e)
    {
        var b = e.Batch!;
        var i = e.Identity;
        return new EnrollmentResponse(e.Id, e.Status,
            new EnrollmentBatchView(b.Id, b.FeatureCode, b.CollectionType, b.School!.Name, b.FeeFen, b.Payer,
                b.CollectionOpensAt.ToChina(), b.CollectionClosesAt.ToChina(), b.RefundClosesAt.ToChina()),
            new IdentityView(i.Method, i.Name, i.CollectionCode?.Masked, i.CollectionCodeVerified, i.StudentNumber?.Masked, i.Sex,
                i.IdType, i.IdNumber?.Masked, i.Major, i.ClassName, i.EducationLevel, i.SchoolName, i.SchoolCategory, i.Email, i.Phone?.Masked),
            e.Consent.AgreementVersion, e.Consent.AcceptedAt.ToChina(),
            e.Shipping is { } s ? new ShippingView(s.RecipientName, s.Phone.Masked, s.Province, s.City, s.District, s.Street) : null,
            e.CreatedAt.ToChina(), e.UpdatedAt.ToChina());
    }

    /// <summary>What the audit keeps of an enrollment: masked values only.</summary>
    public static object Audited(Enrollment e) => new
    {
        e.BatchId, e.StudentId, e.Status, e.Identity.Method, Name = Core.PersonalData.Mask.Name(e.Identity.Name),
        IdNumber = e.Identity.IdNumber?.Masked, CollectionCode = e.Identity.CollectionCode?.Masked,
        StudentNumber = e.Identity.StudentNumber?.Masked, Phone = e.Identity.Phone?.Masked,
    };
}
