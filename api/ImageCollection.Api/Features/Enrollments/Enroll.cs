using System.Text.Json;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Identity;
using ImageCollection.Core.PersonalData;
using ImageCollection.Core.Photos;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Enrollments;

/// <summary>A walk-up student's confirmation at a station: the agreement shown, the ID tail the student told, where the station is.</summary>
public sealed record StationConsent(string AgreementVersion, string IdLast4, Guid SessionId, int Station, Guid StaffId, string? Major, string? ClassName);

/// <summary>
/// Enrolling a student in a batch, in the mini-program or at a station (a walk-up student): the batch must be open; the
/// collection code is verified (and, when the verifier reads identity facts, eligibility enforced: registered, the
/// batch's school, its graduation year — or an earlier one for a make-up batch); online and on-site group collection of
/// one school and year exclude each other for one person whatever their windows (只能二选一), and a walk-in or make-up
/// enrollment is refused beside a live one whose window overlaps, unless that one ended without a photo. A student who
/// enrolls with the code of an enrollment a station made for them claims it.
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
        if (await ClaimAsync(batch, studentId, identity, now, ct) is { } claimed)
        {
            await tx.CommitAsync(ct);
            return claimed;
        }
        await EnsureNoConflictAsync(batch, studentId, identity, now, ct);
        var enrollment = new Enrollment(batch.Id, studentId, identity, new Consent(request.AgreementVersion.Trim(), now), now);
        await AddAsync(enrollment, Actor.Student(studentId), now, ct);
        await tx.CommitAsync(ct);
        return enrollment;
    }

    /// <summary>
    /// A walk-up student at a station: the enrollment is made from the scanned collection code (with the facts the
    /// verifier reads) and the student's confirmation there, under the same rules as in the mini-program. It belongs to
    /// no WeChat user until the student claims it.
    /// </summary>
    public async Task<(Enrollment Enrollment, bool Created)> AtStationAsync(Batch batch, string collectionCode, StationConsent consent, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var request = new EnrollRequest(true, consent.AgreementVersion, IdentityMethod.CollectionCode, "", CollectionCode: collectionCode,
            IdLast4: consent.IdLast4, Major: consent.Major);
        var identity = await IdentityAsync(request, batch, ct, consent.ClassName);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await LockPersonAsync(identity, ct);
        // Scanned at two stations at once: the other scan enrolled the student a moment ago.
        var codeHash = identity.CollectionCode!.Hash;
        if (await db.Enrollments.FirstOrDefaultAsync(e => e.BatchId == batch.Id && Live.Contains(e.Status) && e.Identity.CollectionCode!.Hash == codeHash, ct)
            is { } existing)
            return (existing, false);
        await EnsureNoConflictAsync(batch, null, identity, now, ct);
        var enrollment = new Enrollment(batch.Id, null, identity,
            new Consent(consent.AgreementVersion.Trim(), now, consent.SessionId, consent.Station, consent.StaffId), now);
        await AddAsync(enrollment, Actor.Staff(consent.StaffId), now, ct);
        await tx.CommitAsync(ct);
        return (enrollment, true);
    }

    private async Task AddAsync(Enrollment enrollment, Actor by, DateTimeOffset now, CancellationToken ct)
    {
        db.Enrollments.Add(enrollment);
        db.AuditEntries.Add(new AuditEntry(by, enrollment.Consent.AtStation ? "enrollment.created_at_station" : "enrollment.created",
            nameof(Enrollment), enrollment.Id, null, EnrollmentMapping.Audited(enrollment), now));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            throw DomainException.Conflict("enrollment.exists", "You are already enrolled in this batch.");
        }
    }

    /// <summary>The enrollment a station made for this collection code in this batch, now claimed by the student (verified again).</summary>
    private async Task<Enrollment?> ClaimAsync(Batch batch, Guid studentId, EnrollmentIdentity identity, DateTimeOffset now, CancellationToken ct)
    {
        if (identity.CollectionCode?.Hash is not { } hash) return null;
        var unclaimed = await db.Enrollments.SingleOrDefaultAsync(e => e.BatchId == batch.Id && e.StudentId == null
            && Live.Contains(e.Status) && e.Identity.CollectionCode!.Hash == hash, ct);
        if (unclaimed is null) return null;
        unclaimed.Claim(studentId, now);
        // Its photos (taken at the station) become the student's to see.
        await db.Photos.Where(p => p.EnrollmentId == unclaimed.Id && p.StudentId == null)
            .ExecuteUpdateAsync(u => u.SetProperty(p => p.StudentId, studentId), ct);
        db.AuditEntries.Add(new AuditEntry(Actor.Student(studentId), "enrollment.claimed", nameof(Enrollment), unclaimed.Id, null, null, now));
        await db.SaveChangesAsync(ct);
        return unclaimed;
    }

    private async Task<EnrollmentIdentity> IdentityAsync(EnrollRequest r, Batch batch, CancellationToken ct, string? className = null)
    {
        ProtectedValue? Protect(PersonalField field, string? value, Func<string, string> mask) =>
            string.IsNullOrWhiteSpace(value) ? null
                : new ProtectedValue(personalData.Encrypt(field, value.Trim()), personalData.Hash(field, value), mask(value.Trim()));

        string? collectionCode = null, facts = null, name = r.Name;
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
            // At a station nobody types a name: the masked name CHSI gives is what the staff see.
            if (string.IsNullOrWhiteSpace(name)) name = verification.Facts?.MaskedName ?? "现场采集";
            verified = true;
        }
        return new EnrollmentIdentity
        {
            Method = r.Method,
            CollectionCode = Protect(PersonalField.CollectionCode, collectionCode, Mask.CollectionCode),
            CollectionCodeVerified = verified,
            ChsiFacts = facts,
            Name = name.Trim(),
            StudentNumber = Protect(PersonalField.StudentNumber, r.StudentNumber, Mask.StudentNumber),
            Sex = r.Sex,
            IdType = r.IdType,
            IdNumber = Protect(PersonalField.IdNumber, r.IdNumber?.ToUpperInvariant(), Mask.IdNumber),
            // Given with a collection code; by hand, the ID number itself says it.
            IdLast4 = r.Method == IdentityMethod.CollectionCode ? r.IdLast4?.ToUpperInvariant()
                : r.IdNumber is { Length: >= 4 } id ? id.Trim()[^4..].ToUpperInvariant() : null,
            Major = r.Major?.Trim(),
            ClassName = (className ?? r.ClassName)?.Trim(),
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
        if (f.GraduationYear is { } year && !batch.AcceptsGraduationYear(year))
            throw new DomainException(DomainErrorKind.Unprocessable, "enrollment.wrong_graduation_year",
                batch.CollectionType == CollectionType.MakeUp
                    ? $"This make-up batch is for graduates of {batch.GraduationYear} and earlier; CHSI shows {year}."
                    : $"This batch is for graduates of {batch.GraduationYear}; CHSI shows {year}.");
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

    private async Task EnsureNoConflictAsync(Batch batch, Guid? studentId, EnrollmentIdentity identity, DateTimeOffset now, CancellationToken ct)
    {
        if (studentId is not null)
        {
            var mine = await db.Enrollments.Where(e => e.BatchId == batch.Id && e.StudentId == studentId && Live.Contains(e.Status))
                .Select(e => (Guid?)e.Id).FirstOrDefaultAsync(ct);
            if (mine is { } existing)
                throw Conflict("enrollment.exists", "You are already enrolled in this batch.", existing);
        }

        var idHash = identity.IdNumber?.Hash;
        var codeHash = identity.CollectionCode?.Hash;
        var samePerson = await db.Enrollments.Include(e => e.Batch).AsNoTracking()
            .Where(e => Live.Contains(e.Status)
                        && ((idHash != null && e.Identity.IdNumber!.Hash == idHash) || (codeHash != null && e.Identity.CollectionCode!.Hash == codeHash)))
            .ToListAsync(ct);
        if (samePerson.Count == 0) return;
        var ids = samePerson.Select(e => e.Id).ToList();
        var photographed = (await db.Photos.Where(p => ids.Contains(p.EnrollmentId)).Where(Photo.ServiceGiven)
            .Select(p => p.EnrollmentId).ToListAsync(ct)).ToHashSet();
        foreach (var other in samePerson)
        {
            if (!Clashes(other, batch, photographed.Contains(other.Id), now)) continue;
            if (studentId is not null && other.StudentId == studentId)
                throw Conflict("enrollment.conflict",
                    $"You are already enrolled in batch {other.Batch!.FeatureCode}; online and on-site collection are exclusive (只能二选一).", other.Id);
            throw new DomainException(DomainErrorKind.Conflict, "enrollment.identity_in_use",
                "These identity details are already enrolled by another WeChat account. If that was not you, contact support (客服) "
                + "with your student number; someone may have typed your ID number by mistake.",
                new Dictionary<string, object?> { ["featureCode"] = other.Batch!.FeatureCode });
        }
    }

    /// <summary>
    /// Whether a live enrollment of the same person stands in the way: the same batch; another group collection
    /// (online, on-site) of the same school and year, whatever the windows; otherwise (walk-in, make-up) an overlapping
    /// window of the same school and year, unless that enrollment's window ended without a photo.
    /// </summary>
    /// <summary>Whether a live enrollment (its batch loaded) excludes one in the wanted batch for the same person.</summary>
    public static bool Clashes(Enrollment other, Batch wanted, bool photographed, DateTimeOffset now)
    {
        var theirs = other.Batch!;
        if (theirs.Id == wanted.Id) return true;
        if (theirs.SchoolId != wanted.SchoolId || theirs.GraduationYear != wanted.GraduationYear) return false;
        if (theirs.IsGroupCollection && wanted.IsGroupCollection) return true;
        var endedWithoutPhoto = !wanted.IsGroupCollection && now >= theirs.CollectionClosesAt && !photographed;
        return Overlap(theirs, wanted) && !endedWithoutPhoto;
    }

    private static readonly EnrollmentStatus[] Live = [EnrollmentStatus.Active, EnrollmentStatus.Completed];

    private static bool Overlap(Batch a, Batch b) => a.CollectionOpensAt < b.CollectionClosesAt && b.CollectionOpensAt < a.CollectionClosesAt;

    private static DomainException Conflict(string code, string message, Guid enrollmentId) =>
        new(DomainErrorKind.Conflict, code, message, new Dictionary<string, object?> { ["enrollmentId"] = enrollmentId });
}
