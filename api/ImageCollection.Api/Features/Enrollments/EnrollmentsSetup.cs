using ImageCollection.Core.Identity;

namespace ImageCollection.Api.Features.Enrollments;

public static class EnrollmentsSetup
{
    /// <summary>
    /// The collection-code verifier: format only in production (the code is opaque); the CHSI-TEST verifier, which
    /// reads identity facts from test codes, only in Development and Testing.
    /// </summary>
    public static WebApplicationBuilder AddEnrollments(this WebApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment() || builder.Environment.IsEnvironment("Testing"))
            builder.Services.AddSingleton<ICollectionCodeVerifier, TestCollectionCodeVerifier>();
        else
            builder.Services.AddSingleton<ICollectionCodeVerifier, FormatOnlyCollectionCodeVerifier>();
        builder.Services.AddScoped<Enroll>();
        builder.Services.AddSingleton<CollectionCodeScreenshots>();
        return builder;
    }
}
