using System.Text.Json;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Identity;

namespace ImageCollection.Core.Delivery;

/// <summary>Where a photo's name in a CHSI package comes from.</summary>
public enum ChsiIdSource { Chsi, CodeHash, Enrollment }

/// <summary>
/// The name a photo carries in a CHSI package and in CHSI's result lists: the CHSI student id the collection code
/// carries (when the verifier can read it), else a stable id from the collection code's keyed hash (the same code
/// always gives the same id; flagged in the manifest), else, for an enrollment made without a code, the enrollment.
/// </summary>
public static class ChsiIds
{
    public static (string Id, ChsiIdSource Source) For(Guid enrollmentId, EnrollmentIdentity identity)
    {
        if (identity.ChsiFacts is { } json && JsonSerializer.Deserialize<ChsiFacts>(json, JsonSerializerOptions.Web)?.ChsiStudentId is { Length: > 0 } id
            && Safe(id) is { Length: > 0 } safe)
            return (safe, ChsiIdSource.Chsi);
        if (identity.CollectionCode?.Hash is { } hash)
            return ("K" + Convert.ToHexStringLower(hash)[..24], ChsiIdSource.CodeHash);
        return ("E" + enrollmentId.ToString("N"), ChsiIdSource.Enrollment);
    }

    /// <summary>Letters, digits, '-' and '_' only (a file name on every system), at most 64.</summary>
    public static string Safe(string text)
    {
        var kept = new string(text.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_').ToArray());
        return kept.Length > 64 ? kept[..64] : kept;
    }
}
