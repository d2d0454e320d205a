using System.Security.Claims;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Orders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Batches;

/// <summary>Batches for staff: admin and support create and change them; school users read their schools' batches.</summary>
public static class BatchesApi
{
    public static IEndpointRouteBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/staff/batches").WithTags("Batches").RequireAuthorization(Policies.Schools)
            .ProducesProblem(401).ProducesProblem(403);
        read.MapGet("/", List).WithName("ListBatches");
        read.MapGet("/{id:guid}", Get).WithName("GetBatch").ProducesProblem(404);

        var write = app.MapGroup("/api/v1/staff/batches").WithTags("Batches").RequireAuthorization(Policies.Support)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        write.MapPost("/", Create).WithName("CreateBatch").ProducesProblem(409);
        write.MapPut("/{id:guid}/terms", ChangeTerms).WithName("ChangeBatchTerms").ProducesProblem(409);
        write.MapPost("/{id:guid}/open", (Guid id, AppDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct) =>
            Move(id, BatchStatus.Open, db, clock, user, ct)).WithName("OpenBatch").ProducesProblem(409);
        write.MapPost("/{id:guid}/close", (Guid id, AppDbContext db, TimeProvider clock, ClaimsPrincipal user, CancellationToken ct) =>
            Move(id, BatchStatus.Closed, db, clock, user, ct)).WithName("CloseBatch").ProducesProblem(409);
        return app;
    }

    private static IQueryable<Batch> WithDetails(this IQueryable<Batch> batches) =>
        batches.Include(b => b.School).Include(b => b.Sessions);

    public static async Task<Ok<List<BatchResponse>>> List(Guid? schoolId, string? status, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var statusFilter = QueryEnum.Parse<BatchStatus>(status, "status");
        var query = db.Batches.AsNoTracking().WithDetails().Visible(user);
        if (schoolId is not null) query = query.Where(b => b.SchoolId == schoolId);
        if (statusFilter is not null) query = query.Where(b => b.Status == statusFilter);
        var batches = await query.OrderByDescending(b => b.CollectionOpensAt).Take(500).ToListAsync(ct);
        return TypedResults.Ok(batches.Select(BatchMapping.ToResponse).ToList());
    }

    public static async Task<Results<Ok<BatchResponse>, NotFound>> Get(Guid id, AppDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await db.Batches.AsNoTracking().WithDetails().Visible(user).SingleOrDefaultAsync(b => b.Id == id, ct) is { } b
            ? TypedResults.Ok(BatchMapping.ToResponse(b)) : TypedResults.NotFound();

    public static async Task<Created<BatchResponse>> Create(CreateBatchRequest request, AppDbContext db, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var school = await db.Schools.SingleOrDefaultAsync(s => s.Id == request.SchoolId, ct)
                     ?? throw RequestValidationException.For("schoolId", "No such school.");
        var now = clock.GetUtcNow();
        var given = !string.IsNullOrEmpty(request.FeatureCode);
        for (var attempt = 1; ; attempt++)
        {
            var code = given ? request.FeatureCode! : FeatureCodes.Generate();
            var batch = new Batch(code, school.Id, request.CollectionType, request.Terms.ToTerms(), now);
            db.Batches.Add(batch);
            db.AuditEntries.Add(new AuditEntry(user.Actor(), "batch.created", nameof(Batch), batch.Id, null, BatchMapping.Audited(batch), now));
            try
            {
                await db.SaveChangesAsync(ct);
                return TypedResults.Created($"/api/v1/staff/batches/{batch.Id}", BatchMapping.ToResponse(batch));
            }
            catch (DbUpdateException e) when (e.IsUniqueViolation())
            {
                db.ChangeTracker.Clear();
                if (given) throw DomainException.Conflict("batch.feature_code_taken", "Another batch has this feature code (ignoring case).");
                if (attempt == 5) throw;
            }
        }
    }

    public static async Task<Results<Ok<BatchResponse>, NotFound>> ChangeTerms(Guid id, BatchTermsRequest request, AppDbContext db,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var batch = await db.Batches.WithDetails().SingleOrDefaultAsync(b => b.Id == id, ct);
        if (batch is null) return TypedResults.NotFound();
        var before = BatchMapping.Audited(batch);
        var now = clock.GetUtcNow();
        batch.ChangeTerms(request.ToTerms(), await db.AnyonePaidAsync(id, ct), now);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "batch.terms_changed", nameof(Batch), batch.Id, before, BatchMapping.Audited(batch), now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(BatchMapping.ToResponse(batch));
    }

    private static async Task<Results<Ok<BatchResponse>, NotFound>> Move(Guid id, BatchStatus to, AppDbContext db, TimeProvider clock,
        ClaimsPrincipal user, CancellationToken ct)
    {
        var batch = await db.Batches.WithDetails().SingleOrDefaultAsync(b => b.Id == id, ct);
        if (batch is null) return TypedResults.NotFound();
        var now = clock.GetUtcNow();
        var from = to == BatchStatus.Open ? batch.Open(now) : batch.Close(now);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), to == BatchStatus.Open ? "batch.opened" : "batch.closed",
            nameof(Batch), batch.Id, new { Status = from }, new { batch.Status }, now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(BatchMapping.ToResponse(batch));
    }
}
