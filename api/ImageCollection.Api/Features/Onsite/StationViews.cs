using ImageCollection.Api.Views;
using ImageCollection.Core.Domain;
using ImageCollection.Core.PersonalData;
using ImageCollection.Core.Photos;

namespace ImageCollection.Api.Features.Onsite;

/// <summary>A scan at a station: the student (masked) with the shot number to write on the board, and where the photo stands.</summary>
public sealed record ShotView(Guid ShotId, int ShotNumber, int Station, Guid SessionId, Guid EnrollmentId, string MaskedName, string? StudentNumber,
    string? Major, string? ClassName, bool WalkUp, DateTimeOffset ScannedAt, CapturedPhotoView? Photo);

/// <summary>The shot's current photo: its status and, once checked, the verdict and the rules it failed (a bad shot is retaken).</summary>
public sealed record CapturedPhotoView(Guid PhotoId, PhotoStatus Status, string? CheckVerdict, IReadOnlyList<PhotoReason> FailedRules,
    DateTimeOffset CapturedAt);

public sealed record StationView(int Number, bool AssignedToMe);

/// <summary>A session a photographer works today, with its batch, stations and the agreement version its walk-ups are shown.</summary>
public sealed record StationSessionView(Guid SessionId, string Location, DateTimeOffset StartsAt, DateTimeOffset EndsAt, IReadOnlyList<string> Groups,
    string FeatureCode, string SchoolName, CollectionType CollectionType, Payer Payer, long FeeFen, IReadOnlyList<StationView> Stations,
    string AgreementVersion);

/// <summary>A QR the station shows for a student to pay by WeChat Pay (Native): <c>codeUrl</c> is what the QR encodes.</summary>
public sealed record StationPaymentView(Guid OrderId, Guid EnrollmentId, string OutTradeNo, long AmountFen, string? CodeUrl, OrderStatus Status,
    DateTimeOffset TimeExpire, DateTimeOffset? PaidAt);

public static class StationMapping
{
    public static ShotView ToView(Shot shot, Enrollment enrollment, Photo? photo) => new(shot.Id, shot.Number, shot.Station, shot.SessionId,
        enrollment.Id, Mask.Name(enrollment.Identity.Name), enrollment.Identity.StudentNumber?.Masked, enrollment.Identity.Major,
        enrollment.Identity.ClassName, enrollment.StudentId is null && enrollment.Consent.AtStation, shot.ScannedAt.ToChina(),
        photo is null ? null : new CapturedPhotoView(photo.Id, photo.Status, PhotoMapping.Verdict(photo.CheckVerdict),
            photo.Status == PhotoStatus.CheckFailed || photo.Status == PhotoStatus.Rejected
                ? photo.RejectReasons.Select(r => new PhotoReason(r, PhotoReasons.Message(r))).ToList() : [],
            photo.CreatedAt.ToChina()));

    public static StationPaymentView ToView(Order o) => new(o.Id, o.EnrollmentId, o.OutTradeNo, o.AmountFen, o.CodeUrl, o.Status,
        o.TimeExpire.ToChina(), o.PaidAt.ToChina());
}
