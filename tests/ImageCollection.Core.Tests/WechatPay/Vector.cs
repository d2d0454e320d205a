using System.Text.Json;

namespace ImageCollection.Core.Tests.WechatPay;

/// <summary>Reads a vector file of WechatPay/Vectors (copied from ../shared/specs/wechatpay-vectors, sources inside).</summary>
internal static class Vector
{
    public static JsonElement Load(string name) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "WechatPay", "Vectors", name))).RootElement;

    public static string Str(this JsonElement e, params string[] path)
    {
        foreach (var p in path) e = int.TryParse(p, out var i) ? e[i] : e.GetProperty(p);
        return e.ValueKind == JsonValueKind.Number ? e.GetRawText() : e.GetString()!;
    }
}
