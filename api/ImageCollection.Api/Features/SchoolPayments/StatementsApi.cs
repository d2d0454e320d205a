using System.Security.Claims;
using FluentValidation;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.SchoolPayments;

/// <summary>
/// What a school owes for the students actually photographed (按实际拍摄人数交费): a statement per batch with a line per
/// department and class, the fee each, the total, what has been recorded as paid and what is still due; support
/// records a school's transfer against a line (never more than is due, never the same reference twice); the batch's
/// settlement sums up the money (WeChat payments, refunds, net, school payments). Both download as CSV or xlsx.
/// </summary>
public static class StatementsApi
{
    public static IEndpointRouteBuilder MapStatementsApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/v1/staff/batches/{batchId:guid}").WithTags("School payments").RequireAuthorization(Policies.Schools)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        read.MapGet("/statement", GetStatement).WithName("BatchStatement")
            .WithSummary("Who was photographed, per department and class, what that costs, what is paid and due (format=csv|xlsx to download)")
            .ProducesTable<StatementView>();
        read.MapGet("/settlement", GetSettlement).WithName("BatchSettlement")
            .WithSummary("The batch's money: WeChat payments, refunds, net, school payments (format=csv|xlsx: one row per order)")
            .ProducesTable<SettlementView>();
        var write = app.MapGroup("/api/v1/staff/batches/{batchId:guid}/statement").WithTags("School payments").RequireAuthorization(Policies.Support)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409);
        write.MapPost("/payments", RecordAsync).WithName("RecordStatementPayment")
            .WithSummary("Record a school's payment against a statement line (refused beyond what is due, or with a reference used before)");
        return app;
    }

    public sealed record StatementLine(string? Department, string? ClassName, int Photographed, long FeeFen, long TotalFen, long PaidFen, long DueFen);

    public sealed record StatementPayment(Guid Id, string? Department, string? ClassName, long AmountFen, string Reference, DateTimeOffset RecordedAt);

    public sealed record StatementView(Guid BatchId, string FeatureCode, string SchoolName, Payer Payer, long FeeFen, IReadOnlyList<StatementLine> Lines,
        int Photographed, long TotalFen, long PaidFen, long DueFen, IReadOnlyList<StatementPayment> Payments);

    public sealed record StatementPaymentRequest(long AmountFen, string Reference, string? Department = null, string? ClassName = null,
        [property: Text(MultiLine = true)] string? Note = null);

    public sealed class StatementPaymentRequestValidator : AbstractValidator<StatementPaymentRequest>
    {
        public StatementPaymentRequestValidator()
        {
            RuleFor(r => r.AmountFen).GreaterThan(0).LessThanOrEqualTo(100_000_000_00);
            RuleFor(r => r.Reference).NotEmpty().MaximumLength(100);
            RuleFor(r => r.Department).MaximumLength(100);
            RuleFor(r => r.ClassName).MaximumLength(100);
            RuleFor(r => r.Note).MaximumLength(500);
        }
    }

    public sealed record SettlementView(Guid BatchId, string FeatureCode, int PaidOrders, long PaidFen, long RefundedFen, long NetFen,
        long SchoolPaymentsFen, long ReceivedFen);

    public static async Task<IResult> GetStatement(Guid batchId, string? format, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        Spreadsheets.EnsureFormat(format);
        var batch = await db.Batches.AsNoTracking().Include(b => b.School).Visible(user).SingleOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        var statement = await Statements.ComputeAsync(db, batch, ct);
        if (!Spreadsheets.IsDownload(format)) return TypedResults.Ok(statement);
        var rows = statement.Lines.Select(l => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["院系/专业"] = l.Department ?? "", ["班级"] = l.ClassName ?? "", ["拍摄人数"] = l.Photographed, ["单价(元)"] = Spreadsheets.Yuan(l.FeeFen),
            ["应付(元)"] = Spreadsheets.Yuan(l.TotalFen), ["已付(元)"] = Spreadsheets.Yuan(l.PaidFen), ["未付(元)"] = Spreadsheets.Yuan(l.DueFen),
        }).Append(new Dictionary<string, object?>
        {
            ["院系/专业"] = "合计", ["班级"] = "", ["拍摄人数"] = statement.Photographed, ["单价(元)"] = Spreadsheets.Yuan(statement.FeeFen),
            ["应付(元)"] = Spreadsheets.Yuan(statement.TotalFen), ["已付(元)"] = Spreadsheets.Yuan(statement.PaidFen),
            ["未付(元)"] = Spreadsheets.Yuan(statement.DueFen),
        });
        return await Spreadsheets.FileAsync(rows, format!, $"statement-{batch.FeatureCode}", ct);
    }

    public static async Task<Results<Created<StatementView>, NotFound>> RecordAsync(Guid batchId, StatementPaymentRequest request, AppDbContext db,
        TimeProvider clock, ClaimsPrincipal user, CancellationToken ct)
    {
        var batch = await db.Batches.AsNoTracking().Include(b => b.School).SingleOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        var group = Statements.Group(request.Department, request.ClassName);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // Two recordings of one batch at once would both see the same amount due.
        await db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock(hashtextextended({"statement:" + batchId}, 0))", ct);
        await Statements.EnsureNewReferenceAsync(db, batchId, request.Reference, ct);
        var statement = await Statements.ComputeAsync(db, batch, ct);
        var line = statement.Lines.SingleOrDefault(l => l.Is(group))
                   ?? throw RequestValidationException.For("className", "No photographed student of this batch is in that department and class.");
        if (request.AmountFen > line.DueFen)
            throw new DomainException(DomainErrorKind.Conflict, "statement.overpaid",
                $"{Spreadsheets.Yuan(line.DueFen)} yuan are due on this line; {Spreadsheets.Yuan(request.AmountFen)} would pay more than that.",
                new Dictionary<string, object?> { ["dueFen"] = line.DueFen });
        // Paid in full: the line's students count as paid (as a class payment does); a part payment only lowers what is due.
        var covered = request.AmountFen == line.DueFen ? await Statements.UncoveredAsync(db, batchId, group, ct) : [];
        var now = clock.GetUtcNow();
        var payment = new SchoolPayment(batchId, request.AmountFen, request.Reference, request.Note, user.UserId(), covered, now, group);
        db.SchoolPayments.Add(payment);
        db.AuditEntries.Add(new AuditEntry(user.Actor(), "school_payment.recorded", nameof(SchoolPayment), payment.Id, new { line.DueFen },
            new { payment.AmountFen, payment.Reference, group.Department, group.ClassName, Enrollments = covered.Count }, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/v1/staff/batches/{batchId}/statement", await Statements.ComputeAsync(db, batch, ct));
    }

    public static async Task<IResult> GetSettlement(Guid batchId, string? format, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        Spreadsheets.EnsureFormat(format);
        var batch = await db.Batches.AsNoTracking().Visible(user).SingleOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null) return TypedResults.NotFound();
        var orders = await (from o in db.Orders.AsNoTracking()
                            join e in db.Enrollments on o.EnrollmentId equals e.Id
                            where e.BatchId == batchId && o.PaidAt != null
                            orderby o.PaidAt
                            select new { o, e.Identity.Major, e.Identity.ClassName, Number = e.Identity.StudentNumber!.Masked }).ToListAsync(ct);
        var school = await db.SchoolPayments.Where(p => p.BatchId == batchId).SumAsync(p => (long?)p.AmountFen, ct) ?? 0;
        var (paid, refunded) = (orders.Sum(x => x.o.AmountFen), orders.Sum(x => x.o.RefundedFen));
        var view = new SettlementView(batchId, batch.FeatureCode, orders.Count, paid, refunded, paid - refunded, school, paid - refunded + school);
        if (!Spreadsheets.IsDownload(format)) return TypedResults.Ok(view);
        var rows = orders.Select(x => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["商户订单号"] = x.o.OutTradeNo, ["微信订单号"] = x.o.TransactionId ?? "", ["学号"] = x.Number ?? "", ["院系/专业"] = x.Major ?? "",
            ["班级"] = x.ClassName ?? "", ["支付时间"] = x.o.PaidAt!.Value.ToChina().ToString("yyyy-MM-dd HH:mm:ss"),
            ["支付金额(元)"] = Spreadsheets.Yuan(x.o.AmountFen), ["退款金额(元)"] = Spreadsheets.Yuan(x.o.RefundedFen), ["状态"] = StatusNames.Snake(x.o.Status.ToString()),
        }).Append(new Dictionary<string, object?>
        {
            ["商户订单号"] = "合计", ["微信订单号"] = $"学校付款 {Spreadsheets.Yuan(school)}", ["学号"] = "", ["院系/专业"] = "", ["班级"] = "",
            ["支付时间"] = $"净收入 {Spreadsheets.Yuan(view.ReceivedFen)}", ["支付金额(元)"] = Spreadsheets.Yuan(paid),
            ["退款金额(元)"] = Spreadsheets.Yuan(refunded), ["状态"] = "",
        });
        return await Spreadsheets.FileAsync(rows, format!, $"settlement-{batch.FeatureCode}", ct);
    }
}
