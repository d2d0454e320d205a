using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace ImageCollection.Api.Hosting;

/// <summary>RFC 9457 problem+json for every error, with a stable <c>code</c> and a trace id.</summary>
public static class ProblemResponses
{
    public static WebApplicationBuilder AddProblemResponses(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            ctx.ProblemDetails.Extensions.TryAdd("code", DefaultCode(status));
            ctx.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? ctx.HttpContext.TraceIdentifier;
            ctx.ProblemDetails.Instance ??= ctx.HttpContext.Request.Path;
        });
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Malformed JSON and bad parameters throw in every environment, so the handler answers them the same way.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            // Enums by their names only: 7 is not a payer.
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
            // Numbers are numbers: "12" is not accepted for an integer (and the contract says integer, not string).
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
            // A field without a default in its request record must be sent (a missing isActive is not false), and null
            // only where the record allows it; the same key twice is refused rather than read as the last one.
            o.SerializerOptions.RespectRequiredConstructorParameters = true;
            o.SerializerOptions.RespectNullableAnnotations = true;
            o.SerializerOptions.AllowDuplicateProperties = false;
        });
        return builder;
    }

    public static WebApplication UseProblemResponses(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages(); // 401/403/404/405/415 with empty bodies become problem+json
        return app;
    }

    public static string DefaultCode(int status) => status switch
    {
        400 => "request.invalid",
        401 => "auth.required",
        403 => "auth.forbidden",
        404 => "not_found",
        405 => "method_not_allowed",
        409 => "conflict",
        413 => "request.too_large",
        415 => "request.unsupported_media_type",
        422 => "request.unprocessable",
        429 => "rate_limited",
        503 => "service.unavailable",
        _ when status >= 500 => "internal",
        _ => "error",
    };
}
