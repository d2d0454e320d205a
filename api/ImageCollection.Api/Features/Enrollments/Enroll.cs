using System.Text.Json;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Identity;
using ImageCollection.Core.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Enrollments;

/// <summary>
/// Enrolling a student in a batch: the batch must be open; the collection code is verified (and, when the verifier
/// reads identity facts, eligibility enforced); the same person cannot hold live enrollments in two batches of one
/// school and graduation year whose collection windows overlap (online and on-site are mutually exclusive).
/// </summary>
public sealed class Enroll(AppDbContext db, ICollectionCodeVerifier verifier, CollectionCodeScreenshots screenshots,
    PersonalDataProtector personalData, TimeProvider clock)
{
    public async Task<Enrollment> RunAsync(string featureCode, Guid studentId, EnrollRequest request, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var code = FeatureCodes.Normalize(featureCode);
        var batch = await db.Batches.Include(b => b.School)
                        .SingleOrDefaultAsync(b => b.FeatureCode == code && b.Status != BatchStatus.Draft, ct)
                    ?? throw DomainException.NotFound("batch.not_found", "No batch has this feature code.");
        if (batch.HasEnded(now))
            throw DomainException.Conflict("batch.closed", "This batch has closed; look for a walk-in or make-up batch of your school.");

        var identity = await IdentityAsync(request, batch, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockPersonAsync(identity, ct);
        await EnsureNoConflictAsync(batch, studentId, identity, now, ct);

        var enrollment = new Enrollment(batch.Id, studentId, identity, new Consent(request.AgreementVersion.Trim(), now), now);
        db.Enrollments.Add(enrollment);
        db.AuditEntries.Add(new AuditEntry(Actor.Student(studentId), "enrollment.created", nameof(Enrollment), enrollment.Id,
            null, EnrollmentMapping.Audited(enrollment), now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            throw DomainException.Conflict("enrollment.exists", "You are already enrolled in this batch.");
        }
        await tx.CommitAsync(ct);
        return enrollment;
    }

    private async Task<EnrollmentIdentity> IdentityAsync(EnrollRequest r, Batch batch, CancellationToken ct)
    {
        ProtectedValue? Protect(PersonalField field, string? value, Func<string, string> mask) =>
            string.IsNullOrWhiteSpace(value) ? null
                : new ProtectedValue(personalData.Encrypt(field, value.Trim()), personalData.Hash(field, value), mask(value.Trim()));

        string? collectionCode = null, facts = null;
        var verified = false;
        if (r.Method == IdentityMethod.CollectionCode)
        {
            collectionCode = r.CollectionCode?.Trim() ?? await screenshots.ReadAsync(Convert.FromBase64String(r.CollectionCodeImage!), ct);
            var verification = await verifier.VerifyAsync(collectionCode, r.IdLast4!, ct);
            if (!verification.Valid)
                throw new DomainException(DomainErrorKind.Unprocessable, "collection_code.invalid", verification.Reason ?? "The collection code is not valid.");
            if (verification.Facts is { } f)
            {
                EnsureEligible(f, batch);
                facts = JsonSerializer.Serialize(f, JsonSerializerOptions.Web);
            }
            verified = true;
        }
        return new EnrollmentIdentity
        {
            Method = r.Method,
            CollectionCode = Protect(PersonalField.CollectionCode, collectionCode, Mask.CollectionCode),
            CollectionCodeVerified = verified,
            ChsiFacts = facts,
            Name = r.Name.Trim(),
            StudentNumber = Protect(PersonalField.StudentNumber, r.StudentNumber, Mask.StudentNumber),
            Sex = r.Sex,
            IdType = r.IdType,
            IdNumber = Protect(PersonalField.IdNumber, r.IdNumber?.ToUpperInvariant(), Mask.IdNumber),
            // Given with a collection code; by hand, the ID number itself says it.
            IdLast4 = r.Method == IdentityMethod.CollectionCode ? r.IdLast4?.ToUpperInvariant()
                : r.IdNumber is { Length: >= 4 } id ? id.Trim()[^4..].ToUpperInvariant() : null,
            Major = r.Major?.Trim(),
            EducationLevel = r.EducationLevel?.Trim(),
            SchoolName = r.SchoolName?.Trim(),
            SchoolCategory = r.SchoolCategory?.Trim(),
            Email = r.Email?.Trim(),
            Phone = Protect(PersonalField.Phone, r.Phone, Mask.Phone),
        };
    }

    private static void EnsureEligible(ChsiFacts f, Batch batch)
    {
        if (f.RegistrationStatus is { } status && status != ChsiFacts.Registered)
            throw new DomainException(DomainErrorKind.Unprocessable, "enrollment.not_registered",
                "CHSI shows no registered student status (学籍) for this code; only registered students can be collected.");
        if (f.GraduationYear is { } year && year != batch.GraduationYear)
            throw new DomainException(DomainErrorKind.Unprocessable, "enrollment.wrong_graduation_year",
                $"This batch is for graduates of {batch.GraduationYear}; CHSI shows {year}.");
        if (f.SchoolCode is { } school && school != batch.School!.Code)
            throw new DomainException(DomainErrorKind.Unprocessable, "enrollment.wrong_school",
                "This collection code belongs to another school; check the feature code in your school's notice.");
    }

    /// <summary>Two enrollments of the same person at once would both pass the checks: serialise them per person.</summary>
    private async Task LockPersonAsync(EnrollmentIdentity identity, CancellationToken ct)
    {
        foreach (var hash in new[] { identity.IdNumber?.Hash, identity.CollectionCode?.Hash }.OfType<byte[]>())
            await db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock({BitConverter.ToInt64(hash, 0)})", ct);
    }

    private async Task EnsureNoConflictAsync(Batch batch, Guid studentId, EnrollmentIdentity identity, DateTimeOffset now, CancellationToken ct)
    {
        var mine = await db.Enrollments.Where(e => e.BatchId == batch.Id && e.StudentId == studentId && Live.Contains(e.Status))
            .Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
        if (mine is { } existing)
            throw Conflict("enrollment.exists", "You are already enrolled in this batch.", existing);

        var idHash = identity.IdNumber?.Hash;
        var codeHash = identity.CollectionCode?.Hash;
        var samePerson = await db.Enrollments.Include(e => e.Batch).AsNoTracking()
            .Where(e => Live.Contains(e.Status)
                        && ((idHash != null && e.Identity.IdNumber!.Hash == idHash) || (codeHash != null && e.Identity.CollectionCode!.Hash == codeHash)))
            .ToListAsync(ct);
        var ids = samePerson.Select(e => e.Id).ToList();
        var photographed = (await db.Photos.Where(p => ids.Contains(p.EnrollmentId)).Where(Photo.ServiceGiven)
            .Select(p => p.EnrollmentId).ToListAsync(ct)).ToHashSet();
        foreach (var other in samePerson)
        {
            var clash = other.BatchId == batch.Id || (other.Batch!.SchoolId == batch.SchoolId
                && other.Batch.GraduationYear == batch.GraduationYear && Overlap(other.Batch, batch)
                && !EndedWithoutPhoto(other, batch, photographed.Contains(other.Id), now));
            if (!clash) continue;
            if (other.StudentId == studentId)
                throw Conflict("enrollment.conflict",
                    $"You are already enrolled in batch {other.Batch!.FeatureCode}; online and on-site collection are exclusive (只能二选一).", other.Id);
            throw DomainException.Conflict("enrollment.identity_in_use",
                "These identity details are already enrolled by another WeChat account. If that was not you, contact support (客服) "
                + "with your student number; someone may have typed your ID number by mistake.");
        }
    }

    private static readonly EnrollmentStatus[] Live = [EnrollmentStatus.Active, EnrollmentStatus.Completed];

    private static bool Overlap(Batch a, Batch b) => a.CollectionOpensAt < b.CollectionClosesAt && b.CollectionOpensAt < a.CollectionClosesAt;

    /// <summary>A group enrollment whose collection window ended without a photo (<see cref="Photo.ServiceGiven"/>) does not block a walk-in or make-up
    /// enrollment.</summary>
    private static bool EndedWithoutPhoto(Enrollment other, Batch wanted, bool photographed, DateTimeOffset now) =>
        !wanted.IsGroupCollection && now >= other.Batch!.CollectionClosesAt && !photographed;

    private static DomainException Conflict(string code, string message, Guid enrollmentId) =>
        new(DomainErrorKind.Conflict, code, message, new Dictionary<string, object?> { ["enrollmentId"] = enrollmentId });
}
