using System.Security.Cryptography;
using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.PersonalData;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace ImageCollection.Testing;

/// <summary>
/// Many approved photos at once, for exports too large to make through uploads, checks and reviews (a package test,
/// the export benchmark): enrollments with student numbers encrypted as the API does, each with an approved photo whose
/// 480×640 derivative is put into the store. The photos went through the same transitions a reviewed upload does.
/// </summary>
public static class ApprovedPhotos
{
    public sealed record Student(string StudentNumber, string? Major, string? ClassName);

    /// <summary>The ids of the photos made, in <paramref name="students"/>' order.</summary>
    public static async Task<List<Guid>> SeedAsync(IServiceProvider services, Guid batchId, IReadOnlyList<Student> students, byte[] derivative,
        int parallel = 16, CancellationToken ct = default)
    {
        var store = services.GetRequiredService<IObjectStore>();
        var personalData = services.GetRequiredService<PersonalDataProtector>();
        var reviewer = Guid.CreateVersion7();
        var sha = Convert.ToHexStringLower(SHA256.HashData(derivative));
        var ids = new List<Guid>(students.Count);
        foreach (var chunk in students.Chunk(500))
        {
            var now = DateTimeOffset.UtcNow;
            var photos = new List<Photo>(chunk.Length);
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
                foreach (var s in chunk)
                {
                    var number = new ProtectedValue(personalData.Encrypt(PersonalField.StudentNumber, s.StudentNumber),
                        personalData.Hash(PersonalField.StudentNumber, s.StudentNumber), Mask.StudentNumber(s.StudentNumber));
                    var enrollment = new Enrollment(batchId, null, new EnrollmentIdentity
                    {
                        Method = IdentityMethod.Manual, Name = "张三", StudentNumber = number, Major = s.Major, ClassName = s.ClassName,
                    }, new Consent("2026-09", now), now);
                    var id = Guid.CreateVersion7();
                    var photo = new Photo(id, enrollment, PhotoSource.Upload, 1, new StoredOriginal(PhotoKeys.Original(enrollment, id), derivative.Length,
                        sha, "image/jpeg"), null, now);
                    photo.StartCheck(Actor.System, now);
                    photo.Checked(CheckOutcome.Passed, "{}", null, PhotoKeys.Normalised(photo), derivative.Length, [], Actor.System, now);
                    photo.TryClaim(reviewer, TimeSpan.FromMinutes(5), now);
                    photo.Approve(reviewer, now);
                    db.Enrollments.Add(enrollment);
                    db.Photos.Add(photo);
                    photos.Add(photo);
                }
                await db.SaveChangesAsync(ct);
            }
            await Parallel.ForEachAsync(photos, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (p, token) =>
            {
                using var content = new MemoryStream(derivative, writable: false);
                await store.PutAsync(p.NormalisedKey!, content, derivative.Length, "image/jpeg", token);
            });
            ids.AddRange(photos.Select(p => p.Id));
        }
        return ids;
    }
}
