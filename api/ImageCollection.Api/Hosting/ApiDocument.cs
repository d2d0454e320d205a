using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace ImageCollection.Api.Hosting;

/// <summary>
/// The OpenAPI 3.1 document the API serves (<c>/openapi/v1.json</c>, <c>/openapi/v1.yaml</c>). <c>openapi.yaml</c>
/// at the repository root must equal it: a test compares them.
/// </summary>
public static class ApiDocument
{
    public static WebApplicationBuilder AddApiDocument(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "ImageCollection API",
                    Version = "v1",
                    Description = "Diploma photo collection for CHSI e-registration: students (mini-program), staff, WeChat callbacks.",
                };
                document.Servers = []; // the same contract wherever it is served
                // Paths and tags in name order: the contract does not change when routes are registered in another order.
                var paths = document.Paths.OrderBy(p => p.Key, StringComparer.Ordinal).ToList();
                document.Paths.Clear();
                foreach (var (path, item) in paths) document.Paths.Add(path, item);
                if (document.Tags is { } tags)
                    document.Tags = new SortedSet<OpenApiTag>(tags, Comparer<OpenApiTag>.Create((a, b) => string.CompareOrdinal(a.Name, b.Name)));
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
                {
                    ["bearer"] = new OpenApiSecurityScheme
                    {
                        Type = SecuritySchemeType.Http, Scheme = "bearer", BearerFormat = "JWT",
                        Description = "A student token from /api/v1/auth/wechat/login or a staff token from /api/v1/staff/auth/login.",
                    },
                };
                return Task.CompletedTask;
            });
            o.AddSchemaTransformer((schema, context, _) =>
            {
                // Every problem carries a stable code and a trace id (see ProblemResponses).
                if (typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(context.JsonTypeInfo.Type) && schema.Properties is not null)
                {
                    schema.Properties["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable error code, e.g. batch.closed." };
                    schema.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String };
                }
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((operation, context, _) =>
            {
                var metadata = context.Description.ActionDescriptor.EndpointMetadata;
                if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
                    operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", context.Document)] = [] }];
                // Downloads (Spreadsheets.ProducesTable) are files, whatever the JSON answer's schema.
                foreach (var content in operation.Responses?.Values.SelectMany(r => r.Content ?? new Dictionary<string, OpenApiMediaType>()) ?? [])
                    if (content.Key is "text/csv" or Spreadsheets.Xlsx)
                        content.Value.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>
    /// The contract is public in Development only; elsewhere a staff login is needed (integrators and operators have
    /// one). It holds no secret, but an anonymous map of every endpoint only helps probes (README, Security).
    /// </summary>
    public static WebApplication MapApiDocument(this WebApplication app)
    {
        var json = app.MapOpenApi("/openapi/{documentName}.json");
        var yaml = app.MapOpenApi("/openapi/{documentName}.yaml");
        if (!app.Environment.IsDevelopment())
        {
            json.RequireAuthorization(Features.Auth.Policies.Staff);
            yaml.RequireAuthorization(Features.Auth.Policies.Staff);
        }
        if (app.Environment.IsDevelopment())
            app.MapScalarApiReference("/scalar", o => o.WithTitle("ImageCollection API").WithOpenApiRoutePattern("/openapi/{documentName}.json"));
        return app;
    }
}
