using System.Security.Cryptography;
using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Orders;

/// <summary>Our out_trade_no and out_refund_no: [0-9A-Za-z] only (.NET escapes other characters in URLs), at most 32 characters.</summary>
public static class TradeNumbers
{
    private const string Alphabet = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ";

    /// <summary>R + China date-time + 12 random characters: 27 characters, sortable by creation.</summary>
    public static string NewRefund() => "R" + Stamp() + Random(12);

    public static string NewOrder() => "P" + Stamp() + Random(12);

    private static string Stamp() => ChinaTime.Format(DateTimeOffset.UtcNow, "yyyyMMddHHmmss");

    private static string Random(int length) =>
        string.Create(length, 0, (span, _) => { for (var i = 0; i < span.Length; i++) span[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)]; });
}
