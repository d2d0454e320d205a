using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Orders;
using ImageCollection.Core.Photos;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Core.Delivery;

/// <summary>Where one expected or enrolled student of a batch stands, from the roster's point of view.</summary>
public enum StudentState { NotEnrolled, Enrolled, Paid, Rejected, InReview, Approved, Delivered, Refunded, Withdrawn }

/// <summary>
/// One student of a batch for progress, the who-missed list and the school's package: a roster row, an enrollment,
/// or both (matched by student number). Department and class come from the roster where the student is on it,
/// else from the enrollment (its major stands for the department).
/// </summary>
public sealed record StudentProgress(RosterEntry? Roster, Enrollment? Enrollment, string? Department, string? Major, string? ClassName,
    StudentState State, bool Paid, bool Photographed, PhotoFacts? Photo, int Rejections, string? LastReason)
{
    /// <summary>Masked (张*), as every list of the service shows names.</summary>
    public string Name => PersonalData.Mask.Name(Roster?.Name ?? Enrollment!.Identity.Name);
    public string? StudentNumberMasked => Roster?.StudentNumberMasked ?? Enrollment?.Identity.StudentNumber?.Masked;
    public bool OnRoster => Roster is not null;
    public bool IsApproved => State is StudentState.Approved or StudentState.Delivered;
    /// <summary>On the roster (or, without a roster, enrolled) and without an approved photo; refunded and withdrawn students left.</summary>
    public bool Missing => !IsApproved && State is not (StudentState.Refunded or StudentState.Withdrawn);

    public bool In(string? department, string? className) =>
        (string.IsNullOrWhiteSpace(department) || department.Trim() == Department || department.Trim() == Major)
        && (string.IsNullOrWhiteSpace(className) || className.Trim() == ClassName);
}

/// <summary>
/// What progress, the who-missed list and the school's package read of a photo, loaded by projection: the entity
/// would bring its check report (kilobytes of JSON each) for every photo of a batch of thousands.
/// </summary>
public sealed record PhotoFacts(Guid Id, Guid EnrollmentId, PhotoSource Source, PhotoStatus Status, string? NormalisedKey, DateTimeOffset CreatedAt,
    DeliveryStatus? Delivery, int? ShotNumber, List<string> RejectReasons)
{
    public bool IsDelivered => Delivery == DeliveryStatus.Delivered;
    public bool AwaitsReview => Photo.IsAwaitingReview(Status);
    public bool GivesService => Photo.GivesService(Source, Status);
}

public static class BatchProgress
{
    /// <summary>How lists for schools name a state.</summary>
    public static string Describe(StudentState state) => state switch
    {
        StudentState.NotEnrolled => "未报名",
        StudentState.Enrolled => "已报名未缴费",
        StudentState.Paid => "已缴费未采集",
        StudentState.Rejected => "照片未通过，待重拍",
        StudentState.InReview => "审核中",
        StudentState.Approved => "审核通过",
        StudentState.Delivered => "已报送学信网",
        StudentState.Refunded => "已退费",
        _ => "已撤回",
    };

    /// <summary>Every roster row and every enrollment of the batch (a withdrawn enrollment only when nothing newer is live for that student).</summary>
    public static async Task<List<StudentProgress>> StudentsAsync(AppDbContext db, Guid batchId, CancellationToken ct)
    {
        var roster = await db.RosterEntries.AsNoTracking().Where(r => r.BatchId == batchId).OrderBy(r => r.Row).ToListAsync(ct);
        var enrollments = await db.Enrollments.AsNoTracking().Where(e => e.BatchId == batchId).OrderBy(e => e.CreatedAt).ToListAsync(ct);
        var paid = (await db.PaidEnrollmentIds().Where(id => db.Enrollments.Any(e => e.Id == id && e.BatchId == batchId)).ToListAsync(ct)).ToHashSet();
        var photos = (await db.Photos.AsNoTracking().Where(p => p.BatchId == batchId).OrderBy(p => p.CreatedAt)
                .Select(p => new PhotoFacts(p.Id, p.EnrollmentId, p.Source, p.Status, p.NormalisedKey, p.CreatedAt, p.Delivery,
                    p.Shot == null ? null : p.Shot.ShotNumber, p.RejectReasons))
                .ToListAsync(ct))
            .ToLookup(p => p.EnrollmentId);

        // The enrollment that speaks for a student number: a live one, else the latest.
        var byNumber = enrollments.Where(e => e.Identity.StudentNumber is not null)
            .GroupBy(e => Convert.ToHexString(e.Identity.StudentNumber!.Hash))
            .ToDictionary(g => g.Key, g => g.OrderBy(e => e.Status is EnrollmentStatus.Active or EnrollmentStatus.Completed ? 0 : 1)
                .ThenByDescending(e => e.CreatedAt).First());
        var used = new HashSet<Guid>();
        var list = new List<StudentProgress>();
        foreach (var r in roster)
        {
            var e = byNumber.GetValueOrDefault(Convert.ToHexString(r.StudentNumberHash));
            if (e is not null) used.Add(e.Id);
            list.Add(Of(r, e, paid, photos));
        }
        foreach (var e in enrollments.Where(e => !used.Contains(e.Id)))
        {
            // Someone enrolled twice (withdrawn, then again): the student counts once.
            if (e.Identity.StudentNumber is { } n && byNumber[Convert.ToHexString(n.Hash)].Id != e.Id) continue;
            list.Add(Of(null, e, paid, photos));
        }
        return list;
    }

    private static StudentProgress Of(RosterEntry? r, Enrollment? e, HashSet<Guid> paid, ILookup<Guid, PhotoFacts> photos)
    {
        var mine = e is null ? [] : photos[e.Id].ToList();
        var latest = mine.LastOrDefault(p => p.Status != PhotoStatus.Withdrawn);
        var isPaid = e is not null && paid.Contains(e.Id);
        var state = e is null ? StudentState.NotEnrolled
            : e.Status == EnrollmentStatus.Refunded ? StudentState.Refunded
            : e.Status == EnrollmentStatus.Withdrawn ? StudentState.Withdrawn
            : latest is { IsDelivered: true, Status: PhotoStatus.Approved } ? StudentState.Delivered
            : latest?.Status == PhotoStatus.Approved ? StudentState.Approved
            : latest?.AwaitsReview == true ? StudentState.InReview
            : latest?.Status is PhotoStatus.Rejected or PhotoStatus.CheckFailed ? StudentState.Rejected
            : isPaid ? StudentState.Paid
            : StudentState.Enrolled;
        var rejected = mine.Where(p => p.Status is PhotoStatus.Rejected or PhotoStatus.CheckFailed).ToList();
        var last = rejected.LastOrDefault()?.RejectReasons.FirstOrDefault();
        return new StudentProgress(r, e, r?.Department ?? e?.Identity.Major, r?.Major ?? e?.Identity.Major, r?.ClassName ?? e?.Identity.ClassName, state,
            isPaid, mine.Any(p => p.GivesService), latest, rejected.Count, last is null ? null : PhotoReasons.For(last).Zh);
    }
}
