using ImageCollection.Core.Data;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.PersonalData;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ImageCollection.Core.Hosting;

public static class CoreRegistration
{
    /// <summary>What both hosts need: clock, database, job storage, object store, personal-data keys.</summary>
    public static IHostApplicationBuilder AddCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddAppData();
        builder.AddJobStorage();
        builder.AddPhotosOptions();
        builder.AddObjectStore();
        builder.Services.AddOptions<PersonalDataOptions>().BindConfiguration(PersonalDataOptions.Section)
            .Validate(o => KeyIsValid(o.EncryptionKey), "PersonalData:EncryptionKey must be base64 of 32 random bytes (openssl rand -base64 32).")
            .Validate(o => KeyIsValid(o.HashKey), "PersonalData:HashKey must be base64 of 32 random bytes (openssl rand -base64 32).")
            .ValidateOnStart();
        builder.Services.AddSingleton<PersonalDataProtector>();
        return builder;
    }

    private static bool KeyIsValid(string? key)
    {
        try { PersonalDataProtector.DecodeKey(key, "key"); return true; }
        catch (InvalidOperationException) { return false; }
    }
}
