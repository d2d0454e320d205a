namespace ImageCollection.Core.Domain;

/// <summary>A school (院校) the agency collects for.</summary>
public sealed class School
{
    private School() { }

    public School(string name, string code, string regionCode, string category, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        CreatedAt = now;
        Update(name, code, regionCode, category, now);
    }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>院校代码: 5 digits.</summary>
    public string Code { get; private set; } = "";
    /// <summary>地区码: 2 digits.</summary>
    public string RegionCode { get; private set; } = "";
    /// <summary>所在校别, e.g. 普通高校, 成人高校.</summary>
    public string Category { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public uint Version { get; private set; }

    public void Update(string name, string code, string regionCode, string category, DateTimeOffset now)
    {
        Name = name.Trim();
        Code = code.Trim();
        RegionCode = regionCode.Trim();
        Category = category.Trim();
        UpdatedAt = now;
    }
}
