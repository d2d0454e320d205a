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
    public uint Version { get; private set; }

    public static string Normalize(string userName) => userName.Trim().ToLowerInvariant();

    public bool HasRole(string role) => Roles.Contains(role);

    public void Change(string displayName, IEnumerable<string> roles, IEnumerable<string> schoolCodes, bool isActive)
    {
        DisplayName = displayName.Trim();
        Roles = roles.Select(r => r.Trim().ToLowerInvariant()).Distinct().Order().ToList();
        SchoolCodes = schoolCodes.Select(c => c.Trim()).Distinct().Order().ToList();
        IsActive = isActive;
    }

    public void SetPasswordHash(string hash) => PasswordHash = hash;

    public void LoggedIn(DateTimeOffset now) => LastLoginAt = now;
}
