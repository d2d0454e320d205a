using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace ImageCollection.WechatEmulator.MiniProgram;

/// <summary>What the mini-program side remembers: which login codes were used.</summary>
public sealed class MiniProgramState
{
    private readonly ConcurrentDictionary<string, byte> _usedCodes = new(StringComparer.Ordinal);

    /// <summary>False when the exact code was seen before (WeChat answers 40163).</summary>
    public bool TryUseCode(string code) => _usedCodes.TryAdd(code, 0);

    /// <summary>A stable, WeChat-looking openid (28 characters, starting with 'o') per appid and user.</summary>
    public static string OpenIdFor(string appId, string user)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{appId}:{user}"));
        return "o" + Convert.ToBase64String(digest).Replace('+', '-').Replace('/', '_')[..27];
    }

    public static string NewSessionKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
}
