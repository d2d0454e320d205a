using System.Security.Claims;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Hosting;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Orders;
using ImageCollection.Core.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Enrollments;

/// <summary>
/// Enrollments as staff see them: masked in lists and details (school users only their schools'); support and admin
/// may search by a personal value and reveal one enrollment's personal data, which is audited.
/// </summary>
public static class StaffEnrollmentsApi
{
    public static IEndpointRouteBuilder MapStaffEnrollmentsApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/staff").WithTags("Staff enrollments").RequireAuthorization(Policies.Schools)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        read.MapGet("/batches/{batchId:guid}/enrollments", ListForBatch).WithName("ListBatchEnrollments");
        read.MapGet("/enrollments/{id:guid}", Get).WithName("GetEnrollmentAsStaff");

        var support = app.MapGroup("/api/v1/staff/enrollments").WithTags("Staff enrollments").RequireAuthorization(Policies.Support)
            .ProducesProblem(401).ProducesProblem(403);
        support.MapGet("/search", Search).WithName("SearchEnrollments")
            .WithSummary("Find enrollments by ID number, collection code, phone or student number (matched by keyed hash)");
        support.MapGet("/{id:guid}/personal-data", Reveal).WithName("RevealPersonalData")
            .WithSummary("Unmasked personal data of one enrollment; every view is audited").ProducesProblem(404);
        return app;
    }

    public sealed record PersonalDataView(string? IdNumber, string? CollectionCode, string? StudentNumber, string? Phone, string? ShippingPhone);

    private static IQueryable<Enrollment> Loaded(AppDbContext db) =>
        db.Enrollments.AsNoTracking().Include(e => e.Batch).ThenInclude(b => b!.School);

    private static StaffEnrollmentView View(Enrollment e) => EnrollmentMapping.ForStaff(e);

    /// <summary>A batch's enrollments, by status and (for a school paying for chosen students) whether they are paid.</summary>
    public static async Task<Results<Ok<List<StaffEnrollmentView>>, NotFound>> ListForBatch(Guid batchId, string? status, bool? paid,
        AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var statusFilter = QueryEnum.Parse<EnrollmentStatus>(status, "status");
        if (!await db.Batches.Visible(user).AnyAsync(b => b.Id == batchId, ct)) return TypedResults.NotFound();
        var query = Loaded(db).Where(e => e.BatchId == batchId);
        if (statusFilter is not null) query = query.Where(e => e.Status == statusFilter);
        if (paid is { } p) query = query.Where(e => db.PaidEnrollmentIds().Contains(e.Id) == p);
        return TypedResults.Ok((await query.OrderBy(e => e.CreatedAt).Take(5000).ToListAsync(ct)).Select(View).ToList());
    }

    public static async Task<Results<Ok<StaffEnrollmentView>, NotFound>> Get(Guid id, AppDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await Loaded(db).Visible(user).SingleOrDefaultAsync(e => e.Id == id, ct) is { } e ? TypedResults.Ok(View(e)) : TypedResults.NotFound();

    public static async Task<Ok<List<StaffEnrollmentView>>> Search(string? idNumber, string? collectionCode, string? phone, string? studentNumber,
        AppDbContext db, PersonalDataProtector personalData, CancellationToken ct)
    {
        byte[]? Hash(PersonalField f, string? v) => string.IsNullOrWhiteSpace(v) ? null : personalData.Hash(f, v);
        var (id, code, ph, sn) = (Hash(PersonalField.IdNumber, idNumber), Hash(PersonalField.CollectionCode, collectionCode),
            Hash(PersonalField.Phone, phone), Hash(PersonalField.StudentNumber, studentNumber));
        if (id is null && code is null && ph is null && sn is null)
            throw RequestValidationException.For("idNumber", "Give an ID number, collection code, phone or student number.");
        var found = await Loaded(db).Where(e =>
                (id != null && e.Identity.IdNumber!.Hash == id) || (code != null && e.Identity.CollectionCode!.Hash == code)
                || (ph != null && e.Identity.Phone!.Hash == ph) || (sn != null && e.Identity.StudentNumber!.Hash == sn))
            .OrderByDescending(e => e.CreatedAt).Take(100).ToListAsync(ct);
        return TypedResults.Ok(found.Select(View).ToList());
    }

    public static async Task<Results<Ok<PersonalDataView>, NotFound>> Reveal(Guid id, AppDbContext db, PersonalDataProtector personalData,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var e = await db.Enrollments.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id, ct);
        if (e is null) return TypedResults.NotFound();
        string? Open(PersonalField f, ProtectedValue? v) => v is null ? null : personalData.Decrypt(f, v.Cipher);
        var view = new PersonalDataView(Open(PersonalField.IdNumber, e.Identity.IdNumber), Open(PersonalField.CollectionCode, e.Identity.CollectionCode),
            Open(PersonalField.StudentNumber, e.Identity.StudentNumber), Open(PersonalField.Phone, e.Identity.Phone),
            Open(PersonalField.Phone, e.Shipping?.Phone));
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "enrollment.personal_data_viewed", nameof(Enrollment), e.Id, null, null, clock.GetUtcNow()));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(view);
    }
}
