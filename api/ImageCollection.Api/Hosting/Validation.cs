using System.Reflection;
using System.Text.Json;
using FluentValidation;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Photos;

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

    /// <summary>Request types of this API that have a validator.</summary>
    private static readonly IReadOnlySet<Type> Validated = AssemblyScanner.FindValidatorsInAssemblyContaining<Program>()
        .Select(v => v.InterfaceType.GetGenericArguments()[0]).ToHashSet();

    /// <summary>
    /// Declared once on a route group: every route whose handler takes a request that has a validator runs it before
    /// the handler (field errors are a 400 validation problem naming each field), and says so in the contract.
    /// </summary>
    public static TBuilder WithValidation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault() is not { } method) return;
            var validated = method.GetParameters().Select((p, i) => (p.ParameterType, Index: i)).Where(x => Validated.Contains(x.ParameterType)).ToArray();
            if (validated.Length == 0) return;
            endpoint.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails),
                ["application/problem+json"]));
            endpoint.FilterFactories.Add((_, next) => async ctx =>
            {
                foreach (var (type, index) in validated) await ValidateAsync(ctx, type, ctx.Arguments[index]);
                return await next(ctx);
            });
        });
        return builder;
    }

    private static async Task ValidateAsync(EndpointFilterInvocationContext ctx, Type type, object? request)
    {
        if (request is null) throw RequestValidationException.For("body", "A JSON body is required.");
        var validator = (IValidator)ctx.HttpContext.RequestServices.GetRequiredService(typeof(IValidator<>).MakeGenericType(type));
        var result = await validator.ValidateAsync(new ValidationContext<object>(request), ctx.HttpContext.RequestAborted);
        if (!result.IsValid)
            throw new RequestValidationException(result.Errors
                .GroupBy(e => string.IsNullOrEmpty(e.PropertyName) ? "body" : e.PropertyName)
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()));
    }

    /// <summary>Why a photo was rejected: at least one reason, each from the reviewers' fixed list (<see cref="PhotoReasons.Review"/>).</summary>
    public static IRuleBuilderOptions<T, string[]> ReviewReasons<T>(this IRuleBuilder<T, string[]> rule) =>
        rule.NotEmpty().Must(reasons => reasons.All(r => r is not null && PhotoReasons.Review.ContainsKey(r)))
            .WithMessage($"Reasons are among: {string.Join(", ", PhotoReasons.Review.Keys)}.");
}
