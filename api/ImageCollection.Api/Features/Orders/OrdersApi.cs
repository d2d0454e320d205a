using System.Security.Claims;
using ImageCollection.Api.Features.Auth;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Orders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Orders;

/// <summary>A student pays for an enrollment, reads the order (queried at WeChat while unpaid), and asks for a refund.</summary>
public static class OrdersApi
{
    public static WebApplicationBuilder AddOrders(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CreateOrder>();
        return builder;
    }

    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1").WithTags("Orders").RequireAuthorization(Policies.Student)
            .ProducesProblem(401).ProducesProblem(403).ProducesProblem(404);
        group.MapPost("/enrollments/{id:guid}/orders", Create).WithName("CreateOrder")
            .WithSummary("Create (or get again) the payable order of an enrollment, with wx.requestPayment parameters")
            .ProducesProblem(400).ProducesProblem(409).ProducesProblem(503);
        group.MapGet("/enrollments/{id:guid}/orders", List).WithName("ListEnrollmentOrders");
        group.MapGet("/orders/{id:guid}", Get).WithName("GetOrder").WithSummary("An order; an unpaid one is checked with WeChat first")
            .ProducesProblem(503);
        return app;
    }

    public sealed record CreateOrderRequest(bool AcknowledgeWarnings = false);

    public static async Task<Ok<StudentOrderResponse>> Create(Guid id, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        [FromBody] CreateOrderRequest? request, CreateOrder create, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 64)
            throw RequestValidationException.For("Idempotency-Key", "Send an Idempotency-Key header (at most 64 characters), the same on every retry.");
        return TypedResults.Ok(await create.RunAsync(id, user.UserId(), idempotencyKey.Trim(), request?.AcknowledgeWarnings ?? false, ct));
    }

    public static async Task<Results<Ok<List<StudentOrderResponse>>, NotFound>> List(Guid id, AppDbContext db, ClaimsPrincipal user, CancellationToken ct)
    {
        var studentId = user.UserId();
        if (!await db.Enrollments.AnyAsync(e => e.Id == id && e.StudentId == studentId, ct)) return TypedResults.NotFound();
        var orders = await db.Orders.AsNoTracking().Where(o => o.EnrollmentId == id).OrderByDescending(o => o.CreatedAt).ToListAsync(ct);
        return TypedResults.Ok(orders.Select(o => CreateOrder.Response(o, null, [])).ToList());
    }

    /// <summary>After wx.requestPayment returns, the mini-program reads the order: an unpaid one is queried at WeChat first.</summary>
    public static async Task<Results<Ok<StudentOrderResponse>, NotFound>> Get(Guid id, AppDbContext db, OrderCloser closer, ClaimsPrincipal user,
        ILoggerFactory loggers, CancellationToken ct)
    {
        var studentId = user.UserId();
        var order = await db.Orders.AsNoTracking().SingleOrDefaultAsync(o => o.Id == id && o.StudentId == studentId, ct);
        if (order is null) return TypedResults.NotFound();
        if (order.Status == OrderStatus.PendingPayment && order.PrepayIssuedAt is not null)
        {
            try
            {
                if (await closer.RefreshAsync(order, ct)) order = await db.Orders.AsNoTracking().SingleAsync(o => o.Id == id, ct);
            }
            catch (Exception e) when (Core.WechatPay.WechatPayErrors.IsCallFailure(e))
            {
                loggers.CreateLogger(typeof(OrdersApi)).LogInformation("Query of order {OrderId} failed ({Error}); answering what we know", id,
                    e.GetType().Name);
            }
        }
        return TypedResults.Ok(CreateOrder.Response(order, null, []));
    }
}
