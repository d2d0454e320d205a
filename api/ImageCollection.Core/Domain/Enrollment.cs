namespace ImageCollection.Core.Domain;

public enum EnrollmentStatus { Active, Withdrawn, Refunded, Completed }

/// <summary>How the student identified: the CHSI collection code (QR text or screenshot) or details typed by hand.</summary>
public enum IdentityMethod { CollectionCode, Manual }

public enum Sex { Male, Female }

/// <summary>证件类型.</summary>
public enum IdType { ResidentId, Passport, HongKongMacaoPermit, TaiwanPermit, HongKongMacaoTaiwanResidence, ForeignPermanentResidence }

/// <summary>
/// A student's place in a batch, carrying the identity facts given for it. Personal values are stored encrypted with a
/// keyed hash for lookups and a masked form for display; only the owner and authorised staff see them unmasked. One
/// made at a station for a walk-up student belongs to no WeChat user until the student claims it in the mini-program
/// (enrolling there with the same collection code).
/// </summary>
public sealed partial class Enrollment
{
    private Enrollment() { }

    public Enrollment(Guid batchId, Guid? studentId, EnrollmentIdentity identity, Consent consent, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        BatchId = batchId;
        StudentId = studentId;
        Identity = identity;
        Consent = consent;
        Status = EnrollmentStatus.Active;
        CreatedAt = now;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid BatchId { get; private set; }
    public Batch? Batch { get; private set; }
    /// <summary>The WeChat user (mini-program) it belongs to; none for a walk-up enrollment not claimed yet.</summary>
    public Guid? StudentId { get; private set; }
    public EnrollmentStatus Status { get; private set; }
    public EnrollmentIdentity Identity { get; private set; } = null!;
    public Consent Consent { get; private set; } = null!;
    public ShippingAddress? Shipping { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    /// <summary>When personal data was erased by retention; only an anonymised row remains.</summary>
    public DateTimeOffset? ErasedAt { get; private set; }
    /// <summary>Since when the student may send one free new photo (CHSI's comparison failed); the first photo after it uses it.</summary>
    public DateTimeOffset? FreePhotoSince { get; private set; }
    public uint Version { get; private set; }

    /// <summary>Retention: personal data is deleted; an anonymised row remains for statistics.</summary>
    public void Erase(DateTimeOffset now)
    {
        Identity = new EnrollmentIdentity { Method = Identity.Method, Name = "" };
        Shipping = null;
        ErasedAt = now;
        UpdatedAt = now;
    }

    /// <summary>A student claims the enrollment a station made for them (the same collection code, verified again).</summary>
    public void Claim(Guid studentId, DateTimeOffset now)
    {
        if (StudentId is { } owner && owner != studentId)
            throw DomainException.Conflict("enrollment.identity_in_use", "This enrollment belongs to another WeChat account.");
        StudentId = studentId;
        UpdatedAt = now;
    }

    public void ChangeShipping(ShippingAddress address, DateTimeOffset now)
    {
        if (Status is EnrollmentStatus.Withdrawn or EnrollmentStatus.Refunded)
            throw DomainException.Conflict("enrollment.not_active", "This enrollment is no longer active.");
        Shipping = address;
        UpdatedAt = now;
    }
}

/// <summary>
/// Acceptance of the collection agreement: photos and ID numbers are sensitive personal information. Given in the
/// mini-program, or confirmed by the student at a station (which station of which session, and the staff member there).
/// </summary>
public sealed record Consent(string AgreementVersion, DateTimeOffset AcceptedAt, Guid? SessionId = null, int? Station = null, Guid? StaffId = null)
{
    public bool AtStation => SessionId is not null;
}

/// <summary>A personal value at rest: ciphertext, keyed hash for lookup, masked form for display.</summary>
public sealed record ProtectedValue(byte[] Cipher, byte[] Hash, string Masked);

public sealed class EnrollmentIdentity
{
    public IdentityMethod Method { get; init; }
    public ProtectedValue? CollectionCode { get; init; }
    /// <summary>True when the collection-code verifier accepted the code.</summary>
    public bool CollectionCodeVerified { get; init; }
    /// <summary>Identity facts the verifier could read from the code (CHSI id, masked name, school, year, status).</summary>
    public string? ChsiFacts { get; init; }
    public string Name { get; init; } = "";
    public ProtectedValue? StudentNumber { get; init; }
    public Sex? Sex { get; init; }
    public IdType? IdType { get; init; }
    public ProtectedValue? IdNumber { get; init; }
    /// <summary>The last four characters of the ID number (given with a collection code).</summary>
    public string? IdLast4 { get; init; }
    /// <summary>专业/院系: the major, or the department where a school bills by department.</summary>
    public string? Major { get; init; }
    /// <summary>班级: the class, as the school's statement and roster group students.</summary>
    public string? ClassName { get; init; }
    public string? EducationLevel { get; init; }
    public string? SchoolName { get; init; }
    public string? SchoolCategory { get; init; }
    public string? Email { get; init; }
    public ProtectedValue? Phone { get; init; }
}

public sealed class ShippingAddress
{
    public string RecipientName { get; init; } = "";
    public ProtectedValue Phone { get; init; } = null!;
    public string Province { get; init; } = "";
    public string City { get; init; } = "";
    public string District { get; init; } = "";
    public string Street { get; init; } = "";
}
