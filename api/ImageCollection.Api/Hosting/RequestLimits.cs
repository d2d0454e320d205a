namespace ImageCollection.Api.Hosting;

public static class RequestLimits
{
    /// <summary>JSON requests are small; endpoints that take photos raise the limit for themselves.</summary>
    public const long DefaultMaxBodyBytes = 1024 * 1024;

    public const long RequestBufferBytes = 64 * 1024;

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = DefaultMaxBodyBytes);
        // The socket transport reads up to 1 MB per connection ahead of the app by default, into pinned blocks its pool
        // keeps, which many concurrent uploads turn into hundreds of MB (README, Performance). 64 KB keeps uploads
        // streaming: TCP backpressure holds the rest at the client. Kestrel's MaxRequestBufferSize does not govern it.
        builder.WebHost.UseSockets(o => o.MaxReadBufferSize = RequestBufferBytes);
        return builder;
    }
}
