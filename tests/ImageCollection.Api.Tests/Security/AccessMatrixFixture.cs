using System.Net.Http.Json;
using System.Text.Json;
using ImageCollection.Api.Tests.Infrastructure;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Tests.Security;

/// <summary>Who asks in the access matrix.</summary>
public enum Caller { Anonymous, Owner, OtherStudent, Admin, Support, Reviewer, School, OtherSchool, Photographer }

/// <summary>
/// One of everything the routes name, so that each route can be called with real identifiers: two schools, an online
/// batch with a paid student (the owner) who uploaded a photo, another student of the same batch, an on-site batch
/// with a session and a shot, a bulk refund, a payment exception, a storage check, a staff account to edit; and a
/// client for every caller.
/// </summary>
public sealed class AccessMatrixFixture : PhotoApiFactory
{
    private readonly Dictionary<Caller, HttpClient> _clients = new();
    private readonly Dictionary<Caller, string[]> _roles = new()
    {
        [Caller.Admin] = [StaffRoles.Admin], [Caller.Support] = [StaffRoles.Support], [Caller.Reviewer] = [StaffRoles.Reviewer],
        [Caller.School] = [StaffRoles.School], [Caller.OtherSchool] = [StaffRoles.School], [Caller.Photographer] = [StaffRoles.Photographer],
    };

    public AccessMatrixFixture() => Settings["Auth:StaffLoginPermitsPerMinute"] = "1000"; // every caller logs in, some twice

    public Guid SchoolId { get; private set; }
    public string SchoolCode { get; private set; } = "";
    public string OtherSchoolCode { get; private set; } = "";
    public Guid BatchId { get; private set; }
    public string FeatureCode { get; private set; } = "";
    public Guid OnsiteBatchId { get; private set; }
    public Guid SessionId { get; private set; }
    public Guid ShotId { get; private set; }
    public Guid EnrollmentId { get; private set; }
    public Guid OrderId { get; private set; }
    public Guid PhotoId { get; private set; }
    public Guid BulkRefundId { get; private set; }
    public Guid PaymentExceptionId { get; private set; }
    public Guid StorageCheckId { get; private set; }
    public Guid StaffUserId { get; private set; }
    public Guid PackageId { get; private set; }
    public Guid ChsiPackageId { get; private set; }
    public Guid PhotographerId { get; private set; }
    public Guid PrintRunId { get; private set; }
    public Guid ParcelId { get; private set; }

    public HttpClient Client(Caller caller) => _clients[caller];

    /// <summary>A client for a new account with the caller's roles (for a logout, which ends every token of the account).</summary>
    public async Task<HttpClient> FreshClientAsync(Caller caller) =>
        _roles.TryGetValue(caller, out var roles)
            ? CreateClient((await LoginStaffAsync(roles, SchoolCodesOf(caller))).Token)
            : _clients[caller];

    private string[]? SchoolCodesOf(Caller caller) =>
        caller == Caller.School ? [SchoolCode] : caller == Caller.OtherSchool ? [OtherSchoolCode] : null;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var support = CreateClient((await LoginStaffAsync([StaffRoles.Support])).Token);
        var school = await Seed.SchoolAsync(support);
        SchoolId = school.GetProperty("id").GetGuid();
        SchoolCode = school.GetProperty("code").GetString()!;
        OtherSchoolCode = (await Seed.SchoolAsync(support)).GetProperty("code").GetString()!;
        var batch = await Seed.BatchAsync(support, SchoolId);
        BatchId = batch.GetProperty("id").GetGuid();
        FeatureCode = batch.GetProperty("featureCode").GetString()!;

        var owner = await PaidAsync(batch);
        EnrollmentId = owner.EnrollmentId;
        _clients[Caller.Owner] = owner.Student;
        OrderId = await WithDbAsync(db => db.Orders.Where(o => o.EnrollmentId == EnrollmentId).Select(o => o.Id).SingleAsync());
        var uploaded = await UploadAsync(owner.Student, EnrollmentId, GoodPhoto());
        PhotoId = (await uploaded.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await SettledAsync(PhotoId);
        _clients[Caller.OtherStudent] = (await EnrolledAsync(batch: batch)).Student;
        _clients[Caller.Anonymous] = CreateClient();
        foreach (var (caller, roles) in _roles)
        {
            var (staffId, token) = await LoginStaffAsync(roles, SchoolCodesOf(caller));
            _clients[caller] = CreateClient(token);
            if (caller == Caller.Photographer) PhotographerId = staffId;
        }

        var onsite = await Seed.BatchAsync(support, SchoolId, type: "onsite");
        OnsiteBatchId = onsite.GetProperty("id").GetGuid();
        SessionId = (await (await support.PostAsJsonAsync($"/api/v1/staff/batches/{OnsiteBatchId}/sessions", Session)).Content
            .ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var admin = _clients[Caller.Admin];
        StaffUserId = (await (await admin.PostAsJsonAsync("/api/v1/staff/users", new
        {
            userName = "edited" + Guid.NewGuid().ToString("N")[..6], displayName = "E", password = "a-long-password", roles = new[] { "reviewer" },
        })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        StorageCheckId = (await (await admin.PostAsync("/api/v1/staff/system/storage-checks", null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("id").GetGuid();
        // The batch's window has not ended, so no bulk refund could start through the API: one is made in the database.
        (PackageId, ChsiPackageId) = await WithDbAsync(async db =>
        {
            var school = new PackageJob(PackageKind.School, BatchId, Actor.System, DateTimeOffset.UtcNow);
            var chsi = new PackageJob(PackageKind.Chsi, BatchId, Actor.System, DateTimeOffset.UtcNow);
            db.PackageJobs.AddRange(school, chsi);
            await db.SaveChangesAsync();
            return (school.Id, chsi.Id);
        });
        (PrintRunId, ParcelId) = await WithDbAsync(async db =>
        {
            var run = new PackageJob(PackageKind.Prints, BatchId, Actor.System, DateTimeOffset.UtcNow);
            var pack = Parcel.ClassPack(BatchId, run.Id, "MATRIX" + Random.Shared.Next(100000, 999999), "计算机学院", "软工1班", "证件照 2寸 ×8", DateTimeOffset.UtcNow);
            db.PackageJobs.Add(run);
            db.Parcels.Add(pack);
            await db.SaveChangesAsync();
            return (run.Id, pack.Id);
        });
        (ShotId, PaymentExceptionId, BulkRefundId) = await WithDbAsync(async db =>
        {
            var shot = new Shot(SessionId, 1, 1, EnrollmentId, Guid.CreateVersion7(), DateTimeOffset.UtcNow);
            var exception = new PaymentException(PaymentExceptionKind.Mismatch, "matrix:" + Guid.NewGuid(), OrderId, null, null, null, "test",
                DateTimeOffset.UtcNow);
            var bulk = new BulkRefundJob(BatchId, Actor.System, "统一退费", DateTimeOffset.UtcNow);
            db.Shots.Add(shot);
            db.PaymentExceptions.Add(exception);
            db.BulkRefundJobs.Add(bulk);
            await db.SaveChangesAsync();
            return (shot.Id, exception.Id, bulk.Id);
        });
    }

    public static readonly object Session = new
    {
        location = "图书馆一楼", startsAt = "2027-03-05T09:00:00+08:00", endsAt = "2027-03-05T12:00:00+08:00", stations = 2,
    };

    /// <summary>A session of its own, for a caller allowed to delete one.</summary>
    public async Task<Guid> NewSessionAsync() =>
        await WithDbAsync(async db =>
        {
            var session = new CollectionSession(OnsiteBatchId, new CollectionSessionTerms("体育馆", DateTimeOffset.UtcNow.AddDays(3),
                DateTimeOffset.UtcNow.AddDays(3).AddHours(2), 1, [], null, null));
            db.CollectionSessions.Add(session);
            await db.SaveChangesAsync();
            return session.Id;
        });
}
