using System.Security.Claims;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Data;
using ImageCollection.Core.Delivery;
using ImageCollection.Core.Domain;
using ImageCollection.Core.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Rosters;

/// <summary>
/// What schools follow before the make-up window: the roster of expected graduates, progress per department and
/// class (expected, enrolled, paid, photographed, in review, approved, delivered, refunded, missing) and the
/// who-missed list with each student's state and the open walk-in or make-up batch to send them to.
/// </summary>
public static class RostersApi
{
    public static WebApplicationBuilder AddRosters(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<Rosters>();
        return builder;
    }

    public static IEndpointRouteBuilder MapRostersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/batches/{batchId:guid}").WithTags("Rosters and progress").RequireAuthorization(Policies.Schools)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapPut("/roster", Replace).WithName("ReplaceRoster").AcceptsTable()
            .WithSummary("Upload the batch's roster (CSV or xlsx: 学号, 姓名, 院系, 专业, 班级): all rows or none; it replaces the last one");
        group.MapGet("/roster", Get).WithName("GetRoster");
        group.MapGet("/progress", Progress).WithName("BatchProgress").ProducesTable<ProgressView>()
            .WithSummary("Counts per department and class against the roster (without one: enrollments only); format=csv|xlsx");
        group.MapGet("/missing", Missing).WithName("WhoMissed").ProducesTable<List<MissingStudent>>()
            .WithSummary("Students on the roster without an approved photo, their state and the open walk-in or make-up batch; format=csv|xlsx");
        return app;
    }

    public sealed record RosterRow(int Row, string StudentNumber, string Name, string? Department, string? Major, string? ClassName);

    public sealed record RosterView(Guid BatchId, int Rows, DateTimeOffset? ImportedAt, IReadOnlyList<RosterRow> Entries);

    public sealed record ProgressLine(string? Department, string? ClassName, int? Expected, int Enrolled, int Paid, int Photographed, int InReview,
        int Approved, int Delivered, int Refunded, int Missing, int PercentApproved);

    public sealed record ProgressView(Guid BatchId, string FeatureCode, bool HasRoster, IReadOnlyList<ProgressLine> Lines, ProgressLine Total);

    public sealed record MissingStudent(string? StudentNumber, string Name, string? Department, string? Major, string? ClassName, StudentState State,
        bool OnRoster, Guid? EnrollmentId, string? OpenBatchFeatureCode);

    private static async Task<Batch?> BatchAsync(AppDbContext db, Guid batchId, ClaimsPrincipal user, CancellationToken ct) =>
        await db.Batches.AsNoTracking().Include(b => b.School).Visible(user).SingleOrDefaultAsync(b => b.Id == batchId, ct);

    public static async Task<Results<Ok<Rosters.Change>, NotFound>> Replace(Guid batchId, HttpRequest request, AppDbContext db, Rosters rosters,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var batch = await BatchAsync(db, batchId, user, ct);
        if (batch is null) return TypedResults.NotFound();
        var rows = await UploadedTables.ReadAsync(request, ct);
        return TypedResults.Ok(await rosters.ReplaceAsync(batch, rows, user.Actor(), clock.GetUtcNow(), ct));
    }

    public static async Task<Results<Ok<RosterView>, NotFound>> Get(Guid batchId, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        if (await BatchAsync(db, batchId, user, ct) is null) return TypedResults.NotFound();
        var entries = await db.RosterEntries.AsNoTracking().Where(r => r.BatchId == batchId).OrderBy(r => r.Row).ToListAsync(ct);
        return TypedResults.Ok(new RosterView(batchId, entries.Count, entries.FirstOrDefault()?.ImportedAt.ToChina(), entries.Select(r =>
            new RosterRow(r.Row, r.StudentNumberMasked, Mask.Name(r.Name), r.Department, r.Major, r.ClassName)).ToList()));
    }

    public static async Task<IResult> Progress(Guid batchId, string? format, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        Spreadsheets.EnsureFormat(format);
        var batch = await BatchAsync(db, batchId, user, ct);
        if (batch is null) return TypedResults.NotFound();
        var students = await BatchProgress.StudentsAsync(db, batchId, ct);
        var hasRoster = students.Any(s => s.OnRoster);
        var counted = hasRoster ? students : students.Where(s => s.State != StudentState.Withdrawn).ToList();
        var lines = counted.GroupBy(s => (s.Department, s.ClassName)).OrderBy(g => g.Key.Department).ThenBy(g => g.Key.ClassName)
            .Select(g => Line(g.Key.Department, g.Key.ClassName, g.ToList(), hasRoster)).ToList();
        var view = new ProgressView(batchId, batch.FeatureCode, hasRoster, lines, Line("合计", null, counted, hasRoster));
        if (!Spreadsheets.IsDownload(format)) return TypedResults.Ok(view);
        return await Spreadsheets.FileAsync(lines.Append(view.Total).Select(l => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["院系/专业"] = l.Department ?? "", ["班级"] = l.ClassName ?? "", ["应采"] = l.Expected, ["已报名"] = l.Enrolled, ["已缴费"] = l.Paid,
            ["已拍摄或上传"] = l.Photographed, ["审核中"] = l.InReview, ["审核通过"] = l.Approved, ["已报送学信网"] = l.Delivered, ["已退费"] = l.Refunded,
            ["未完成"] = l.Missing, ["完成率(%)"] = l.PercentApproved,
        }), format!, $"progress-{batch.FeatureCode}", ct);
    }

    private static ProgressLine Line(string? department, string? className, List<StudentProgress> s, bool hasRoster)
    {
        var expected = hasRoster ? s.Count(x => x.OnRoster) : (int?)null;
        var enrolled = s.Count(x => x.Enrollment is not null && x.State != StudentState.Withdrawn);
        var approved = s.Count(x => x.IsApproved);
        // Against the roster, the share of its students approved (an enrolled student not on it is counted, not expected).
        var (done, of) = hasRoster ? (s.Count(x => x.IsApproved && x.OnRoster), expected!.Value) : (approved, enrolled);
        return new ProgressLine(department, className, expected, enrolled, s.Count(x => x.Paid), s.Count(x => x.Photographed),
            s.Count(x => x.State == StudentState.InReview), approved, s.Count(x => x.State == StudentState.Delivered),
            s.Count(x => x.State == StudentState.Refunded), s.Count(x => x.Missing && (!hasRoster || x.OnRoster)), of == 0 ? 0 : 100 * done / of);
    }

    public static async Task<IResult> Missing(Guid batchId, string? format, AppDbContext db, PersonalDataProtector personalData, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        Spreadsheets.EnsureFormat(format);
        var batch = await BatchAsync(db, batchId, user, ct);
        if (batch is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var students = await BatchProgress.StudentsAsync(db, batchId, ct);
        var hasRoster = students.Any(s => s.OnRoster);
        var missing = students.Where(s => s.Missing && (!hasRoster || s.OnRoster)).ToList();
        // Where to send them: an open walk-in or make-up batch of the school that takes their year.
        var next = await db.Batches.AsNoTracking()
            .Where(b => b.SchoolId == batch.SchoolId && b.Id != batch.Id && b.Status == BatchStatus.Open && b.CollectionClosesAt > now
                        && (b.CollectionType == CollectionType.WalkIn || b.CollectionType == CollectionType.MakeUp))
            .OrderBy(b => b.CollectionClosesAt).ToListAsync(ct);
        var open = next.FirstOrDefault(b => b.AcceptsGraduationYear(batch.GraduationYear))?.FeatureCode;
        var download = Spreadsheets.IsDownload(format);
        string? Number(StudentProgress s) => !download ? s.StudentNumberMasked
            : s.Roster is { } r ? personalData.Decrypt(PersonalField.StudentNumber, r.StudentNumberCipher)
            : s.Enrollment?.Identity.StudentNumber is { } n ? personalData.Decrypt(PersonalField.StudentNumber, n.Cipher) : null;
        var list = missing.Select(s => new MissingStudent(Number(s), s.Name, s.Department, s.Major, s.ClassName, s.State, s.OnRoster, s.Enrollment?.Id,
            open)).ToList();
        if (!download) return TypedResults.Ok(list);
        // The download names students in full (the school's own roster): audited.
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "missing.downloaded", nameof(Batch), batchId, null, new { Students = list.Count, format }, now));
        await db.SaveChangesAsync(ct);
        return await Spreadsheets.FileAsync(list.Select(m => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["学号"] = m.StudentNumber ?? "", ["姓名"] = m.Name, ["院系"] = m.Department ?? "", ["专业"] = m.Major ?? "", ["班级"] = m.ClassName ?? "",
            ["状态"] = BatchProgress.Describe(m.State), ["在名单中"] = m.OnRoster ? "是" : "否", ["可参加的散拍/补拍批次"] = m.OpenBatchFeatureCode ?? "",
        }), format!, $"missing-{batch.FeatureCode}", ct);
    }
}
