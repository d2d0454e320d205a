namespace ImageCollection.Api.Infrastructure;

public static class RequestLimits
{
    /// <summary>JSON requests are small; endpoints that take photos raise the limit for themselves.</summary>
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public const long RequestBufferBytes = 64 * 1024;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = DefaultMaxBodyBytes;
            // Kestrel buffers up to 1 MB per connection ahead of the app by default: with hundreds of photo uploads
            // at once that is hundreds of MB of pooled buffers. 64 KB keeps uploads streaming (TCP backpressure
            // holds the rest at the client).
            k.Limits.MaxRequestBufferSize = RequestBufferBytes;
        });
        return builder;
    }
}
