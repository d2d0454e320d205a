namespace ImageCollection.Api.Infrastructure;

public static class RequestLimits
{
    /// <summary>JSON requests are small; endpoints that take photos raise the limit for themselves.</summary>
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = DefaultMaxBodyBytes);
        return builder;
    }
}
