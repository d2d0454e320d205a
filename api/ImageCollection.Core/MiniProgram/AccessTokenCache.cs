
namespace ImageCollection.Core.MiniProgram;

/// <summary>
/// The mini-program access token (stable_token), cached until 5 minutes before it expires and fetched once for all
/// callers at a time (single flight). Each process holds its own copy; stable_token returns the same token to all.
/// </summary>
public sealed class AccessTokenCache(TimeProvider clock)
{
    private readonly SemaphoreSlim _fetch = new(1, 1);
    private (string Token, DateTimeOffset RefreshAt)? _current;

    public int Fetches { get; private set; }

    public async Task<string> GetAsync(IMiniProgramClient client, CancellationToken ct)
    {
        if (_current is { } c && clock.GetUtcNow() < c.RefreshAt) return c.Token;
        await _fetch.WaitAsync(ct);
        try
        {
            if (_current is { } again && clock.GetUtcNow() < again.RefreshAt) return again.Token;
            var token = await client.StableTokenAsync(ct);
            Fetches++;
            var lifetime = token.ExpiresIn - TimeSpan.FromMinutes(5);
            _current = (token.AccessToken, clock.GetUtcNow() + (lifetime > TimeSpan.Zero ? lifetime : TimeSpan.FromSeconds(30)));
            return token.AccessToken;
        }
        finally
        {
            _fetch.Release();
        }
    }

    /// <summary>WeChat said the token is invalid (40001/42001): the next caller fetches a new one.</summary>
    public void Invalidate(string token)
    {
        if (_current?.Token == token) _current = null;
    }
}
