using ImageCollection.Core.Domain;
using ImageCollection.Core.Hosting;
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

    public static Task<IResult> Payment(HttpContext http, WechatPayNotifications notifications, PaymentGroups groups, AppMetrics metrics,
        ILoggerFactory loggers) =>
        HandleAsync(http, loggers.CreateLogger(typeof(WechatCallbacksApi)), new Outcomes(metrics, "payment"), async (headers, body, ct) =>
        {
            var n = await notifications.TransactionAsync(headers, body, ct);
            return StatusNames.Snake((await groups.ApplyAsync(n.Resource, $"notification {n.Id}", ct)).ToString());
        });

    public static Task<IResult> RefundResult(HttpContext http, WechatPayNotifications notifications, RefundApplier applier, AppMetrics metrics,
        ILoggerFactory loggers) =>
        HandleAsync(http, loggers.CreateLogger(typeof(WechatCallbacksApi)), new Outcomes(metrics, "refund"), async (headers, body, ct) =>
        {
            var n = await notifications.RefundAsync(headers, body, ct);
            return await applier.ApplyAsync(n.Resource, $"notification {n.Id}", ct) ? "changed" : "unchanged";
        });

    private sealed record Outcomes(AppMetrics Metrics, string Kind)
    {
        public void Count(string outcome, string reason) => Metrics.Notification(Kind, outcome, reason);
    }

    private static async Task<IResult> HandleAsync(HttpContext http, ILogger logger, Outcomes outcomes,
        Func<WechatPaySignedHeaders, byte[], CancellationToken, Task<string>> apply)
    {
        if (http.Request.ContentLength > MaxBody) return Refused(outcomes, "too_large", 400, "body too large");
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        if (buffer.Length > MaxBody) return Refused(outcomes, "too_large", 400, "body too large");
        var headers = WechatPaySignedHeaders.From(n => http.Request.Headers[n].FirstOrDefault());
        try
        {
            outcomes.Count("applied", await apply(headers, buffer.ToArray(), http.RequestAborted));
            return Results.NoContent();
        }
        catch (WechatPaySignatureException e)
        {
            if (!e.IsProbe) logger.LogWarning("WeChat callback refused: {Reason}", e.Message);
            return Refused(outcomes, e.IsProbe ? "probe" : "signature", 401, "verification failed");
        }
        catch (WechatPayNotificationException e)
        {
            logger.LogWarning("WeChat callback refused: {Reason}", e.Message);
            return Refused(outcomes, "malformed", 400, "malformed notification");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "WeChat callback could not be applied; WeChat will retry");
            outcomes.Count("failed", "unavailable");
            return Fail(500, "temporarily unavailable");
        }
    }

    private static IResult Refused(Outcomes outcomes, string reason, int status, string message)
    {
        outcomes.Count("refused", reason);
        return Fail(status, message);
    }

    private static IResult Fail(int status, string message) => Results.Json(new WechatFail("FAIL", message), statusCode: status);
}
