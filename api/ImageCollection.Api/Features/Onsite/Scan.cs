using FluentValidation;
using ImageCollection.Api.Features.Enrollments;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Orders;
using ImageCollection.Core.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Onsite;

/// <summary>The student's confirmation at the station, for a walk-up student: the agreement shown, and the last 4 of the ID.</summary>
public sealed record WalkUpRequest(string AgreementVersion, string IdLast4, string? Major = null, string? ClassName = null);

public sealed record ScanRequest(Guid SessionId, int Station, string? CollectionCode = null, string? StudentNumber = null,
    WalkUpRequest? WalkUp = null);

public sealed class ScanRequestValidator : AbstractValidator<ScanRequest>
{
    public ScanRequestValidator()
    {
        RuleFor(r => r.SessionId).NotEmpty();
        RuleFor(r => r.Station).InclusiveBetween(1, 50);
        RuleFor(r => r.CollectionCode).NotEmpty().When(r => string.IsNullOrWhiteSpace(r.StudentNumber))
            .WithMessage("Scan the collection code or type the student number.");
        RuleFor(r => r.CollectionCode).MaximumLength(512);
        RuleFor(r => r.StudentNumber).MaximumLength(30);
        RuleFor(r => r.WalkUp).Null().When(r => string.IsNullOrWhiteSpace(r.CollectionCode))
            .WithMessage("A walk-up student is enrolled from the collection code: scan it.");
        When(r => r.WalkUp is not null, () =>
        {
            RuleFor(r => r.WalkUp!.AgreementVersion).NotEmpty().MaximumLength(40).OverridePropertyName("walkUp.agreementVersion");
            RuleFor(r => r.WalkUp!.IdLast4).NotEmpty().Matches("^[0-9Xx]{4}$").OverridePropertyName("walkUp.idLast4")
                .WithMessage("The last 4 characters of the student's ID number.");
            RuleFor(r => r.WalkUp!.Major).MaximumLength(100).OverridePropertyName("walkUp.major");
            RuleFor(r => r.WalkUp!.ClassName).MaximumLength(100).OverridePropertyName("walkUp.className");
        });
    }
}

/// <summary>
/// A scan at a station: finds the student's enrollment in the session's batch — or, for a walk-up student who
/// confirmed at the station, makes one from the code — checks who pays, and answers the shot: the one the student
/// already has in this session (the same number, at whichever station), or the next number of this station.
/// </summary>
public sealed class Scan(AppDbContext db, Enroll enroll, PersonalDataProtector personalData, TimeProvider clock)
{
    public async Task<(Shot Shot, Enrollment Enrollment, Photo? Photo)> RunAsync(ScanRequest r, Guid staffId, bool isAdmin, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var found = await (from s in db.CollectionSessions.AsNoTracking()
                           join b in db.Batches.AsNoTracking().Include(b => b.School) on s.BatchId equals b.Id
                           where s.Id == r.SessionId
                           select new { s, b }).SingleOrDefaultAsync(ct)
                    ?? throw DomainException.NotFound("onsite.no_session", "No such collection session.");
        var (session, batch) = (found.s, found.b);
        if (r.Station > session.Stations)
            throw RequestValidationException.For("station", $"This session has {session.Stations} stations.");
        if (!batch.HasStations || !batch.IsOpen)
            throw DomainException.Conflict("onsite.batch_not_open", "This session's batch is not an open on-site or studio batch.");
        if (!session.IsOpenAt(now))
            throw DomainException.Conflict("onsite.session_not_open",
                $"This session runs {session.StartsAt.ToChina():yyyy-MM-dd HH:mm}–{session.EndsAt.ToChina():HH:mm}; scanning opens an hour before.");
        await StationAccess.EnsureAssignedAsync(db, session.Id, r.Station, staffId, isAdmin, ct);

        var (enrollment, walkedUp) = await FindAsync(batch, r, ct) is { } enrolled ? (enrolled, false) : await WalkUpAsync(batch, session, r, staffId, ct);
        // A student enrolled by this very scan has no photo, payment or shot yet.
        if (walkedUp)
        {
            if (batch.Payer == Payer.Student) throw Unpaid(enrollment, batch);
            return (await NewShotAsync(session.Id, r.Station, enrollment.Id, staffId, now, ct), enrollment, null);
        }
        var approved = await db.Photos.AsNoTracking().Where(p => p.EnrollmentId == enrollment.Id && p.Status == PhotoStatus.Approved)
            .OrderByDescending(p => p.CreatedAt).FirstOrDefaultAsync(ct);
        if (approved is not null) throw await AlreadyCapturedAsync(approved, ct);
        if (batch.Payer == Payer.Student && !await db.IsPaidAsync(enrollment.Id, ct)) throw Unpaid(enrollment, batch);

        var shot = await db.Shots.AsNoTracking().SingleOrDefaultAsync(s => s.SessionId == session.Id && s.EnrollmentId == enrollment.Id, ct)
                   ?? await NewShotAsync(session.Id, r.Station, enrollment.Id, staffId, now, ct);
        var photo = shot.PhotoId is { } photoId ? await db.Photos.AsNoTracking().SingleAsync(p => p.Id == photoId, ct) : null;
        return (shot, enrollment, photo);
    }

    private static DomainException Unpaid(Enrollment enrollment, Batch batch) => new(DomainErrorKind.Conflict, "onsite.unpaid",
        "This student has not paid: show the WeChat Pay QR of the station (or the student pays in the mini-program), then scan again.",
        new Dictionary<string, object?> { ["enrollmentId"] = enrollment.Id, ["feeFen"] = batch.FeeFen });

    /// <summary>The student's live enrollment in this batch; a code enrolled in another batch of the same school and year is refused, naming it.</summary>
    private async Task<Enrollment?> FindAsync(Batch batch, ScanRequest r, CancellationToken ct)
    {
        var byCode = !string.IsNullOrWhiteSpace(r.CollectionCode);
        var hash = byCode ? personalData.Hash(PersonalField.CollectionCode, r.CollectionCode!) : personalData.Hash(PersonalField.StudentNumber,
            r.StudentNumber!);
        var matches = await db.Enrollments.AsNoTracking().Include(e => e.Batch)
            .Where(e => (e.Status == EnrollmentStatus.Active || e.Status == EnrollmentStatus.Completed)
                        && (byCode ? e.Identity.CollectionCode!.Hash == hash : e.Identity.StudentNumber!.Hash == hash))
            .ToListAsync(ct);
        var here = matches.Where(e => e.BatchId == batch.Id).ToList();
        if (here.Count > 1)
            throw DomainException.Conflict("onsite.ambiguous", "Several enrollments of this batch have this student number: scan the collection code.");
        if (here.Count == 1) return here[0];
        var ids = matches.Select(e => e.Id).ToList();
        var photographed = ids.Count == 0 ? [] : (await db.Photos.Where(p => ids.Contains(p.EnrollmentId)).Where(Photo.ServiceGiven)
            .Select(p => p.EnrollmentId).ToListAsync(ct)).ToHashSet();
        // The enrollment rules decide (a walk-in after a group window that ended without a photo is allowed).
        if (matches.FirstOrDefault(e => e.Batch!.SchoolId == batch.SchoolId && e.Batch.GraduationYear == batch.GraduationYear
                                        && Enroll.Clashes(e, batch, photographed.Contains(e.Id), clock.GetUtcNow())) is { } elsewhere)
            throw new DomainException(DomainErrorKind.Conflict, "onsite.wrong_batch",
                $"This student is enrolled in batch {elsewhere.Batch!.FeatureCode} of the same school and year.",
                new Dictionary<string, object?> { ["featureCode"] = elsewhere.Batch.FeatureCode, ["collectionType"] = elsewhere.Batch.CollectionType });
        if (!byCode)
            throw DomainException.NotFound("onsite.not_enrolled", "No enrollment in this batch has this student number: scan the collection code.");
        return null;
    }

    private async Task<(Enrollment, bool Created)> WalkUpAsync(Batch batch, CollectionSession session, ScanRequest r, Guid staffId, CancellationToken ct)
    {
        if (r.WalkUp is not { } walkUp)
            throw new DomainException(DomainErrorKind.Conflict, "onsite.consent_required",
                "This student has not enrolled: show the collection agreement, ask for the last 4 characters of the ID number, and scan again with them.",
                new Dictionary<string, object?> { ["featureCode"] = batch.FeatureCode });
        var className = walkUp.ClassName ?? (session.Groups.Count == 1 ? session.Groups[0] : null);
        var made = await enroll.AtStationAsync(batch, r.CollectionCode!.Trim(),
            new StationConsent(walkUp.AgreementVersion, walkUp.IdLast4, session.Id, r.Station, staffId, walkUp.Major, className), ct);
        db.ChangeTracker.Clear();
        return made;
    }

    private async Task<DomainException> AlreadyCapturedAsync(Photo approved, CancellationToken ct)
    {
        var where = approved.Shot is { } s
            ? await db.CollectionSessions.Where(x => x.Id == s.SessionId).Select(x => x.Location).SingleOrDefaultAsync(ct) + $", station {s.Station}"
            : "uploaded in the mini-program";
        return new DomainException(DomainErrorKind.Conflict, "onsite.already_captured",
            $"This student's photo was taken and approved ({approved.CreatedAt.ToChina():yyyy-MM-dd HH:mm}, {where}).",
            new Dictionary<string, object?> { ["capturedAt"] = approved.CreatedAt.ToChina(), ["where"] = where, ["shotNumber"] = approved.Shot?.ShotNumber });
    }

    /// <summary>
    /// The next number of the station and the shot, in one statement (the counter's upsert: no two photographers get
    /// the same number). A second scan of the same student in the session at the same moment inserts nothing (the
    /// unique index) and answers the first one's shot; the number it drew stays unused, a gap on the board.
    /// </summary>
    private async Task<Shot> NewShotAsync(Guid sessionId, int station, Guid enrollmentId, Guid staffId, DateTimeOffset now, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        var number = (await db.Database.SqlQuery<int>($"""
            with counter as (
                insert into station_counters (session_id, station, last_number) values ({sessionId}, {station}, 1)
                on conflict (session_id, station) do update set last_number = station_counters.last_number + 1
                returning last_number)
            insert into shots (id, session_id, station, number, enrollment_id, photographer_id, scanned_at)
            select {id}, {sessionId}, {station}, last_number, {enrollmentId}, {staffId}, {now} from counter
            on conflict (session_id, enrollment_id) do nothing
            returning number as "Value"
            """).ToListAsync(ct)).SingleOrDefault();
        return number > 0 ? new Shot(id, sessionId, station, number, enrollmentId, staffId, now)
            : await db.Shots.AsNoTracking().SingleAsync(s => s.SessionId == sessionId && s.EnrollmentId == enrollmentId, ct);
    }
}
