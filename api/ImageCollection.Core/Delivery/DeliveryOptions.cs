using Microsoft.Extensions.DependencyInjection;

namespace ImageCollection.Core.Delivery;

/// <summary>Section <c>Delivery</c>: CHSI feedback and packages.</summary>
public sealed class DeliveryOptions
{
    public const string Section = "Delivery";

    /// <summary>Days after delivery that the 校对 reminder goes to the student (the notices say about 10–40 days).</summary>
    public int ProofReminderDays { get; set; } = 14;

    /// <summary>How long a package's download link works.</summary>
    public TimeSpan DownloadLinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a student's link to their own approved photo works.</summary>
    public TimeSpan StudentLinkLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts of a package build (a worker that died counts) before the package fails.</summary>
    public int MaxPackageAttempts { get; set; } = 3;

    /// <summary>The TrueType font of the Chinese in print captions and labels, embedded into the PDFs (Debian: fonts-droid-fallback).</summary>
    public string PrintFontPath { get; set; } = "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf";

    /// <summary>The TrueType font of Latin letters and digits in them (student numbers; Debian: fonts-dejavu-core).</summary>
    public string PrintLatinFontPath { get; set; } = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
}

public static class DeliveryOptionsRegistration
{
    public static IServiceCollection AddDeliveryOptions(this IServiceCollection services)
    {
        services.AddOptions<DeliveryOptions>().BindConfiguration(DeliveryOptions.Section)
            .Validate(o => o.ProofReminderDays >= 0 && o.MaxPackageAttempts > 0 && o.DownloadLinkLifetime > TimeSpan.Zero
                && o.StudentLinkLifetime > TimeSpan.Zero, "Delivery: days must not be negative, attempts and link lifetimes must be positive.")
            .ValidateOnStart();
        return services;
    }
}
