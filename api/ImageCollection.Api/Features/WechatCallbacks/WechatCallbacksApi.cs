using ImageCollection.Core.Refunds;
using ImageCollection.Core.WechatPay;

namespace ImageCollection.Api.Features.WechatCallbacks;

/// <summary>
/// WeChat Pay's callbacks, answered in WeChat's format (status code first): 204 once applied (or already applied),
/// 401 with {code, message} when verification fails (stale, tampered, probe), 500 when we cannot apply it now —
/// WeChat then retries. The raw body is verified before anything reads it.
/// </summary>
public static class WechatCallbacksApi
{
    private const int MaxBody = 64 * 1024;

    public static IHostApplicationBuilder AddWechatCallbacks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PaymentGroups>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<PaymentGroups>());
        return builder;
    }

    public static IEndpointRouteBuilder MapWechatCallbacksApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/payments/wechat").WithTags("WeChat callbacks").AllowAnonymous();
        group.MapPost("/notify", Payment).WithName("WechatPayNotify").WithSummary("TRANSACTION.SUCCESS notifications")
            .Produces(204).Produces<WechatFail>(400).Produces<WechatFail>(401).Produces<WechatFail>(500);
        group.MapPost("/refund-notify", RefundResult).WithName("WechatRefundNotify").WithSummary("REFUND.* notifications")
            .Produces(204).Produces<WechatFail>(400).Produces<WechatFail>(401).Produces<WechatFail>(500);
        return app;
    }

    /// <summary>WeChat's failure answer.</summary>
    public sealed record WechatFail(string Code, string Message);

    public static Task<IResult> Payment(HttpContext http, WechatPayNotifications notifications, PaymentGroups groups, ILoggerFactory loggers) =>
        HandleAsync(http, loggers.CreateLogger(typeof(WechatCallbacksApi)), async (headers, body, ct) =>
        {
            var n = await notifications.TransactionAsync(headers, body, ct);
            await groups.ApplyAsync(n.Resource, $"notification {n.Id}", ct);
        });

    public static Task<IResult> RefundResult(HttpContext http, WechatPayNotifications notifications, RefundApplier applier, ILoggerFactory loggers) =>
        HandleAsync(http, loggers.CreateLogger(typeof(WechatCallbacksApi)), async (headers, body, ct) =>
        {
            var n = await notifications.RefundAsync(headers, body, ct);
            await applier.ApplyAsync(n.Resource, $"notification {n.Id}", ct);
        });

    private static async Task<IResult> HandleAsync(HttpContext http, ILogger logger, Func<WechatPaySignedHeaders, byte[], CancellationToken, Task> apply)
    {
        if (http.Request.ContentLength > MaxBody) return Fail(400, "body too large");
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > MaxBody) return Fail(400, "body too large");
        var headers = WechatPaySignedHeaders.From(n => http.Request.Headers[n].FirstOrDefault());
        try
        {
            await apply(headers, buffer.ToArray(), http.RequestAborted);
            return Results.NoContent();
        }
        catch (WechatPaySignatureException e)
        {
            if (!e.IsProbe) logger.LogWarning("WeChat callback refused: {Reason}", e.Message);
            return Fail(401, "verification failed");
        }
        catch (WechatPayNotificationException e)
        {
            logger.LogWarning("WeChat callback refused: {Reason}", e.Message);
            return Fail(400, "malformed notification");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "WeChat callback could not be applied; WeChat will retry");
            return Fail(500, "temporarily unavailable");
        }
    }

    private static IResult Fail(int status, string message) => Results.Json(new WechatFail("FAIL", message), statusCode: status);
}
