using ImageCollection.Api.Features.Auth;
using ImageCollection.Api.Views;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.PersonalData;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Orders;

/// <summary>Support finds an order from what a student tells (order number, WeChat transaction id, student number, phone).</summary>
public static class StaffOrdersApi
{
    public static IEndpointRouteBuilder MapStaffOrdersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/staff/orders").WithTags("Payment support").RequireAuthorization(Policies.Support)
            .ProducesProblem(401).ProducesProblem(403);
        group.MapGet("/search", Search).WithName("SearchOrders")
            .WithSummary("Find orders by out_trade_no, WeChat transaction id, student number or phone");
        group.MapGet("/{id:guid}", Get).WithName("GetOrderAsStaff").ProducesProblem(404);
        group.MapGet("/{id:guid}/history", OrderHistory.Get).WithName("GetOrderHistory").ProducesProblem(404)
            .WithSummary("The order's creation and recorded status changes, and its refunds', oldest first");
        return app;
    }

    public static async Task<Ok<List<OrderView>>> Search(string? outTradeNo, string? transactionId, string? studentNumber, string? phone,
        AppDbContext db, PersonalDataProtector personalData, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(outTradeNo) && string.IsNullOrWhiteSpace(transactionId) && string.IsNullOrWhiteSpace(studentNumber)
            && string.IsNullOrWhiteSpace(phone))
            throw RequestValidationException.For("outTradeNo", "Give an out_trade_no, transaction id, student number or phone.");
        var sn = string.IsNullOrWhiteSpace(studentNumber) ? null : personalData.Hash(PersonalField.StudentNumber, studentNumber);
        var ph = string.IsNullOrWhiteSpace(phone) ? null : personalData.Hash(PersonalField.Phone, phone);
        var enrollments = db.Enrollments.Where(e => (sn != null && e.Identity.StudentNumber!.Hash == sn) || (ph != null && e.Identity.Phone!.Hash == ph))
            .Select(e => e.Id);
        var orders = await db.Orders.AsNoTracking()
            .Where(o => (outTradeNo != null && o.OutTradeNo == outTradeNo.Trim()) || (transactionId != null && o.TransactionId == transactionId.Trim())
                        || enrollments.Contains(o.EnrollmentId))
            .OrderByDescending(o => o.CreatedAt).Take(100).ToListAsync(ct);
        var ids = orders.Select(o => o.Id).ToList();
        var refunds = await db.Refunds.AsNoTracking().Where(r => ids.Contains(r.OrderId)).ToListAsync(ct);
        return TypedResults.Ok(orders.Select(o => OrderMapping.ToView(o, refunds)).ToList());
    }

    public static async Task<Results<Ok<OrderView>, NotFound>> Get(Guid id, AppDbContext db, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id, ct);
        if (order is null) return TypedResults.NotFound();
        var refunds = await db.Refunds.AsNoTracking().Where(r => r.OrderId == id).ToListAsync(ct);
        return TypedResults.Ok(OrderMapping.ToView(order, refunds));
    }
}
