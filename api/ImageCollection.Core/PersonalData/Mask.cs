namespace ImageCollection.Core.PersonalData;

/// <summary>Masked forms shown in responses and audit data (<c>4401**********1234</c>, <c>138****5678</c>).</summary>
public static class Mask
{
    public static string IdNumber(string value) => Keep(value.Trim(), 4, 4);

    public static string Phone(string value) => Keep(value.Trim(), 3, 4);

    public static string StudentNumber(string value) => Keep(value.Trim(), 2, 2);

    /// <summary>Collection codes are long and opaque: the ends with a fixed run of stars, whatever the length.</summary>
    public static string CollectionCode(string value)
    {
        var v = value.Trim();
        return v.Length <= 8 ? new string('*', v.Length) : v[..4] + "********" + v[^4..];
    }

    /// <summary>张三 → 张*, 欧阳娜娜 → 欧***: keeps the first character.</summary>
    public static string Name(string value)
    {
        var v = value.Trim();
        return v.Length <= 1 ? v : v[..1] + new string('*', v.Length - 1);
    }

    private static string Keep(string v, int head, int tail)
    {
        if (v.Length <= head + tail) return v.Length <= 2 ? new string('*', v.Length) : v[..1] + new string('*', v.Length - 1);
        return v[..head] + new string('*', v.Length - head - tail) + v[^tail..];
    }
}
