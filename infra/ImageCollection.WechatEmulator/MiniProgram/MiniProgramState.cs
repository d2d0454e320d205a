using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace ImageCollection.WechatEmulator.MiniProgram;

/// <summary>What the mini-program side remembers: used login codes, the access token, sent subscribe messages.</summary>
public sealed class MiniProgramState
{
    private readonly ConcurrentDictionary<string, byte> _usedCodes = new(StringComparer.Ordinal);
    private readonly object _tokenGate = new();
    private (string Token, DateTimeOffset Expires)? _token;

    public int TokenRequests;
    public ConcurrentQueue<object> Messages { get; } = new();
    /// <summary>openids (or "*") whose subscription is missing: sends answer 43101.</summary>
    public ConcurrentDictionary<string, byte> Refusing { get; } = new();

    /// <summary>stable_token in normal mode: the same token while it is valid.</summary>
    public (string Token, int ExpiresIn) StableToken()
    {
        Interlocked.Increment(ref TokenRequests);
        lock (_tokenGate)
        {
            if (_token is not { } t || t.Expires <= DateTimeOffset.UtcNow.AddMinutes(5))
                _token = t = (Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)).Replace('+', '-').Replace('/', '_'),
                    DateTimeOffset.UtcNow.AddHours(2));
            return (t.Token, (int)(t.Expires - DateTimeOffset.UtcNow).TotalSeconds);
        }
    }

    public bool IsCurrentToken(string? token)
    {
        lock (_tokenGate) return token is not null && _token is { } t && t.Token == token && t.Expires > DateTimeOffset.UtcNow;
    }

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
