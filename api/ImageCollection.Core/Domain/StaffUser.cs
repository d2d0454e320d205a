namespace ImageCollection.Core.Domain;

/// <summary>Roles of agency and school staff. Stored and sent as these lower-case strings.</summary>
public static class StaffRoles
{
    public const string Admin = "admin";
    public const string Support = "support";
    public const string Reviewer = "reviewer";
    /// <summary>A school's own staff, scoped to its school codes.</summary>
    public const string School = "school";
    public const string Photographer = "photographer";

    public static readonly IReadOnlySet<string> All = new HashSet<string> { Admin, Support, Reviewer, School, Photographer };
}

public sealed class StaffUser
{
    private StaffUser() { }

    public StaffUser(string userName, string displayName, IEnumerable<string> roles, IEnumerable<string> schoolCodes, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        UserName = Normalize(userName);
        CreatedAt = now;
        SecurityStamp = NewStamp();
        Change(displayName, roles, schoolCodes, true);
    }

    public Guid Id { get; private set; }
    /// <summary>Lower-case, trimmed; unique.</summary>
    public string UserName { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public string PasswordHash { get; private set; } = "";
    public List<string> Roles { get; private set; } = [];
    /// <summary>For the school role: the 院校代码 this user may see.</summary>
    public List<string> SchoolCodes { get; private set; } = [];
    public bool IsActive { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastLoginAt { get; private set; }
    /// <summary>
    /// Carried by every token issued to this account; renewed by a password change, a deactivation and a logout, so
    /// every token issued before stops working at once.
    /// </summary>
    public string SecurityStamp { get; private set; } = "";
    /// <summary>Wrong passwords since the last successful login.</summary>
    public int FailedLoginCount { get; private set; }
    /// <summary>After repeated wrong passwords, no login is tried (not even the right password) until then.</summary>
    public DateTimeOffset? LoginBlockedUntil { get; private set; }
    public uint Version { get; private set; }

    /// <summary>Wrong passwords allowed before the account backs off; then 30 s, doubling per failure, at most 15 minutes.</summary>
    public const int FailuresBeforeBackoff = 5;
    public static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(15);

    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();

    public bool HasRole(string role) => Roles.Contains(role);

    public void Change(string displayName, IEnumerable<string> roles, IEnumerable<string> schoolCodes, bool isActive)
    {
        DisplayName = displayName.Trim();
        Roles = roles.Select(r => r.Trim().ToLowerInvariant()).Distinct().Order().ToList();
        SchoolCodes = schoolCodes.Select(c => c.Trim()).Distinct().Order().ToList();
        if (IsActive && !isActive) RenewStamp();
        IsActive = isActive;
    }

    /// <summary>A new password: every token issued before stops working.</summary>
    public void SetPasswordHash(string hash)
    {
        PasswordHash = hash;
        RenewStamp();
    }

    /// <summary>The same hash in a newer format (after a successful login): tokens stay valid.</summary>
    public void UpgradePasswordHash(string hash) => PasswordHash = hash;

    public void LoggedIn(DateTimeOffset now)
    {
        LastLoginAt = now;
        FailedLoginCount = 0;
        LoginBlockedUntil = null;
    }

    /// <summary>Logged out (or forced out): every token of this account stops working.</summary>
    public void RenewStamp() => SecurityStamp = NewStamp();

    public bool IsLoginBlocked(DateTimeOffset now) => LoginBlockedUntil > now;

    /// <summary>How long the account backs off after <paramref name="failures"/> consecutive wrong passwords (zero before the fifth).</summary>
    public static TimeSpan BackoffAfter(int failures) => failures < FailuresBeforeBackoff
        ? TimeSpan.Zero
        : TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, FirstBackoff.TotalSeconds * Math.Pow(2, Math.Min(20, failures - FailuresBeforeBackoff))));

    private static string NewStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
