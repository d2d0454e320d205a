using System.Globalization;
using System.Text.RegularExpressions;
using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Identity;

/// <summary>Checks ID document numbers by type, before anything is stored.</summary>
public static partial class IdentityDocuments
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>Null when valid; otherwise why not, for the field error.</summary>
    public static string? Problem(IdType type, string number, DateOnly today)
    {
        var n = number.Trim().ToUpperInvariant();
        return type switch
        {
            IdType.ResidentId => ResidentIdProblem(n, today),
            IdType.HongKongMacaoTaiwanResidence => n.Length == 18 && n[..2] is "81" or "82" or "83"
                ? ResidentIdProblem(n, today)
                : "A Hong Kong, Macao or Taiwan residence permit number has 18 characters starting with 81, 82 or 83.",
            IdType.Passport => PassportPattern().IsMatch(n) ? null : "A passport number has 5 to 17 letters or digits.",
            IdType.HongKongMacaoPermit => HongKongMacaoPermitPattern().IsMatch(n)
                ? null : "A Hong Kong/Macao permit number is H or M followed by 8 or 10 digits.",
            IdType.TaiwanPermit => TaiwanPermitPattern().IsMatch(n) ? null : "A Taiwan permit number has 8 or 10 digits.",
            IdType.ForeignPermanentResidence => n.Length == 18 && n[0] == '9' ? ResidentIdProblem(n, today)
                : ForeignOldPattern().IsMatch(n) ? null : "A permanent residence ID has 15 characters (old) or 18 starting with 9.",
            _ => "Unknown ID type.",
        };
    }

    /// <summary>GB 11643-1999: 17 digits, a check character over them, and a plausible birth date.</summary>
    public static string? ResidentIdProblem(string n, DateOnly today)
    {
        if (n.Length != 18 || !n[..17].All(char.IsAsciiDigit) || !(char.IsAsciiDigit(n[17]) || n[17] == 'X'))
            return "A resident ID number has 17 digits and a check digit (0-9 or X).";
        if (CheckCharacter(n) != n[17])
            return "The check digit of this ID number is wrong (GB 11643-1999); please check every digit.";
        if (!DateOnly.TryParseExact(n.Substring(6, 8), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var birth)
            || birth > today.AddYears(-10) || birth < today.AddYears(-100))
            return "The birth date in this ID number is not plausible.";
        return null;
    }

    public static char CheckCharacter(string first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++) sum += (first17[i] - '0') * Weights[i];
        return CheckCharacters[sum % 11];
    }

    /// <summary>Mainland mobile numbers: 11 digits starting 13–19.</summary>
    public static bool IsMainlandMobile(string phone) => MobilePattern().IsMatch(phone.Trim());

    [GeneratedRegex("^[A-Z0-9]{5,17}$")] private static partial Regex PassportPattern();
    [GeneratedRegex("^[HM][0-9]{8}([0-9]{2})?$")] private static partial Regex HongKongMacaoPermitPattern();
    [GeneratedRegex("^[0-9]{8}([0-9]{2})?$")] private static partial Regex TaiwanPermitPattern();
    [GeneratedRegex("^[A-Z]{3}[0-9]{12}$")] private static partial Regex ForeignOldPattern();
    [GeneratedRegex("^1[3-9][0-9]{9}$")] private static partial Regex MobilePattern();
}
