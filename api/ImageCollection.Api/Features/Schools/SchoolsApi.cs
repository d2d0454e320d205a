using System.Security.Claims;
using FluentValidation;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Schools;

/// <summary>Schools (院校). Admin and support edit; school users read their own.</summary>
public static class SchoolsApi
{
    public static IEndpointRouteBuilder MapSchoolsApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/staff/schools").WithTags("Schools").RequireAuthorization(Policies.Schools)
            .ProducesProblem(401).ProducesProblem(403);
        read.MapGet("/", List).WithName("ListSchools");
        read.MapGet("/{id:guid}", Get).WithName("GetSchool").ProducesProblem(404);

        var write = app.MapGroup("/api/v1/staff/schools").WithTags("Schools").RequireAuthorization(Policies.Support)
            .ProducesProblem(401).ProducesProblem(403);
        write.MapPost("/", Create).WithName("CreateSchool").ProducesProblem(409);
        write.MapPut("/{id:guid}", Update).WithName("UpdateSchool").ProducesProblem(404).ProducesProblem(409);
        return app;
    }

    public sealed record SchoolRequest(string Name, string Code, string RegionCode, string Category);

    public sealed record SchoolResponse(Guid Id, string Name, string Code, string RegionCode, string Category);

    public sealed class SchoolRequestValidator : AbstractValidator<SchoolRequest>
    {
        public SchoolRequestValidator()
        {
            RuleFor(r => r.Name).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Code).NotEmpty().Matches("^[0-9]{5}$").WithMessage("院校代码 is 5 digits.");
            RuleFor(r => r.RegionCode).NotEmpty().Matches("^[0-9]{2}$").WithMessage("地区码 is 2 digits.");
            RuleFor(r => r.Category).NotEmpty().MaximumLength(40);
        }
    }

    public static SchoolResponse ToResponse(School s) => new(s.Id, s.Name, s.Code, s.RegionCode, s.Category);

    public static async Task<Ok<List<SchoolResponse>>> List(AppDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok((await db.Schools.AsNoTracking().Visible(user).OrderBy(s => s.Code).ToListAsync(ct)).Select(ToResponse).ToList());

    public static async Task<Results<Ok<SchoolResponse>, NotFound>> Get(Guid id, AppDbContext db, ClaimsPrincipal user, CancellationToken ct) =>
        await db.Schools.AsNoTracking().Visible(user).SingleOrDefaultAsync(s => s.Id == id, ct) is { } s
            ? TypedResults.Ok(ToResponse(s)) : TypedResults.NotFound();

    public static async Task<Created<SchoolResponse>> Create(SchoolRequest request, AppDbContext db, TimeProvider clock, ClaimsPrincipal user,
        CancellationToken ct)
    {
        await EnsureCodeFree(db, request.Code, null, ct);
        var now = clock.GetUtcNow();
        var school = new School(request.Name, request.Code, request.RegionCode, request.Category, now);
        db.Schools.Add(school);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "school.created", nameof(School), school.Id, null, ToResponse(school), now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/staff/schools/{school.Id}", ToResponse(school));
    }

    public static async Task<Results<Ok<SchoolResponse>, NotFound>> Update(Guid id, SchoolRequest request, AppDbContext db,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var school = await db.Schools.SingleOrDefaultAsync(s => s.Id == id, ct);
        if (school is null) return TypedResults.NotFound();
        await EnsureCodeFree(db, request.Code, id, ct);
        var before = ToResponse(school);
        var now = clock.GetUtcNow();
        school.Update(request.Name, request.Code, request.RegionCode, request.Category, now);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "school.updated", nameof(School), school.Id, before, ToResponse(school), now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(ToResponse(school));
    }

    private static async Task EnsureCodeFree(AppDbContext db, string code, Guid? except, CancellationToken ct)
    {
        if (await db.Schools.AnyAsync(s => s.Code == code.Trim() && s.Id != except, ct))
            throw DomainException.Conflict("school.code_taken", "Another school has this school code.");
    }
}
