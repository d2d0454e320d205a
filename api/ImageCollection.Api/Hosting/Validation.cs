using System.Text.Json;
using FluentValidation;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Hosting;

/// <summary>Request validation with FluentValidation: field errors become a 400 validation problem naming each field.</summary>
public static class Validation
{
    public static WebApplicationBuilder AddRequestValidation(this WebApplicationBuilder builder)
    {
        // Field names as the client sends them (camelCase), also for nested paths.
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
        return builder;
    }

    /// <summary>Runs the registered validator of <typeparamref name="T"/> on the request body before the handler.</summary>
    public static RouteHandlerBuilder Validate<T>(this RouteHandlerBuilder route) where T : class =>
        route.AddEndpointFilter(async (ctx, next) =>
        {
            var request = ctx.Arguments.OfType<T>().FirstOrDefault()
                          ?? throw RequestValidationException.For("body", "A JSON body is required.");
            var validator = ctx.HttpContext.RequestServices.GetRequiredService<IValidator<T>>();
            var result = await validator.ValidateAsync(request, ctx.HttpContext.RequestAborted);
            if (!result.IsValid)
                throw new RequestValidationException(result.Errors
                    .GroupBy(e => string.IsNullOrEmpty(e.PropertyName) ? "body" : e.PropertyName)
                    .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
            return await next(ctx);
        }).ProducesValidationProblem();
}
