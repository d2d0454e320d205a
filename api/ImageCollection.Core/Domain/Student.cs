namespace ImageCollection.Core.Domain;

/// <summary>A WeChat user of our mini-program, known by openid. Identity facts live on each enrollment.</summary>
public sealed class Student
{
    private Student() { }

    public Student(string openId, string? unionId, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        OpenId = openId;
        UnionId = unionId;
        CreatedAt = now;
        LastLoginAt = now;
    }

    public Guid Id { get; private set; }
    public string OpenId { get; private set; } = "";
    public string? UnionId { get; private set; }
    /// <summary>The WeChat session_key, encrypted; it never leaves the server.</summary>
    public byte[]? SessionKeyCipher { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset LastLoginAt { get; private set; }
    public uint Version { get; private set; }

    public void LoggedIn(string? unionId, byte[] sessionKeyCipher, DateTimeOffset now)
    {
        UnionId = unionId ?? UnionId;
        SessionKeyCipher = sessionKeyCipher;
        LastLoginAt = now;
    }
}
