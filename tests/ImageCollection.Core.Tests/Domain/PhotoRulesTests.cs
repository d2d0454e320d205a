using System.Runtime.CompilerServices;
using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Tests.Domain;

public sealed class PhotoRulesTests
{
    /// <summary>The rule "the service was given" exists twice: as an expression for queries and as a method for photos in memory.</summary>
    [Fact]
    public void Service_given_in_memory_is_the_query_rule_for_every_source_and_status()
    {
        var rule = Photo.ServiceGiven.Compile();
        foreach (var source in Enum.GetValues<PhotoSource>())
            foreach (var status in Enum.GetValues<PhotoStatus>())
                Assert.True(rule(With(source, status)) == Photo.GivesService(source, status), $"{source} {status}");
        Assert.True(Photo.GivesService(PhotoSource.Onsite, PhotoStatus.Rejected));
        Assert.False(Photo.GivesService(PhotoSource.Upload, PhotoStatus.Rejected));
        Assert.False(Photo.GivesService(PhotoSource.Onsite, PhotoStatus.Withdrawn));
    }

    private static Photo With(PhotoSource source, PhotoStatus status)
    {
        var photo = (Photo)RuntimeHelpers.GetUninitializedObject(typeof(Photo));
        typeof(Photo).GetProperty(nameof(Photo.Source))!.SetValue(photo, source);
        typeof(Photo).GetProperty(nameof(Photo.Status))!.SetValue(photo, status);
        return photo;
    }
}
