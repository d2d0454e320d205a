using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using ImageCollection.Core.Domain;

namespace ImageCollection.Core.WechatPay;

/// <summary>One detail row of a trade bill (ALL): a payment (交易状态 SUCCESS) or a refund (REFUND). Amounts in fen.</summary>
public sealed record TradeBillRow(DateTimeOffset Time, string AppId, string MchId, string TransactionId, string OutTradeNo, string OpenId,
    string TradeState, long SettlementFen, string RefundId, string OutRefundNo, long RefundFen, string RefundStatus, long OrderFen);

/// <summary>The trade bill of one day (spec §7.3.4): BOM, CRLF, back-tick-prefixed fields, amounts in yuan.</summary>
public sealed record TradeBill(IReadOnlyList<TradeBillRow> Rows, IReadOnlyDictionary<string, decimal> Summary)
{

    /// <summary>Gunzips if needed, checks the SHA1 of the decompressed bytes, then parses by column name.</summary>
    public static TradeBill Parse(byte[] file, string expectedSha1)
    {
        var raw = file.Length > 2 && file[0] == 0x1F && file[1] == 0x8B ? Gunzip(file) : file;
        if (!Convert.ToHexString(SHA1.HashData(raw)).Equals(expectedSha1, StringComparison.OrdinalIgnoreCase))
            throw new WechatPaySignatureException("The trade bill does not match its SHA1 digest.");
        var text = Encoding.UTF8.GetString(raw).TrimStart('\uFEFF');
        var lines = text.Split(["\r\n", "\n"], StringSplitOptions.None).Where(l => l.Length > 0).ToList();
        if (lines.Count < 3) throw new FormatException("A trade bill has a header, rows, a summary header and a summary.");

        var header = Index(lines[0]);
        var rows = lines.Skip(1).Take(lines.Count - 3).Select(l => Row(header, Fields(l))).ToList();
        var summaryHeader = lines[^2].Split(',');
        var summaryValues = Fields(lines[^1]);
        var summary = summaryHeader.Zip(summaryValues).ToDictionary(p => p.First, p => decimal.Parse(p.Second, CultureInfo.InvariantCulture));
        return new TradeBill(rows, summary);
    }

    private static TradeBillRow Row(Dictionary<string, int> c, string[] f)
    {
        string Get(string name) => c.TryGetValue(name, out var i) && i < f.Length ? f[i] : "";
        var time = DateTime.ParseExact(Get("交易时间"), "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        return new TradeBillRow(new DateTimeOffset(time, ChinaTime.Offset), Get("公众账号ID"), Get("商户号"), Get("微信订单号"), Get("商户订单号"),
            Get("用户标识"), Get("交易状态"), Fen(Get("应结订单金额")), Get("微信退款单号"), Get("商户退款单号"), Fen(Get("退款金额")),
            Get("退款状态"), Fen(Get("订单金额")));
    }

    /// <summary>Yuan with two decimals to integer fen, exactly (decimal, never floating point).</summary>
    public static long Fen(string yuan) =>
        string.IsNullOrEmpty(yuan) ? 0 : (long)decimal.Round(decimal.Parse(yuan, CultureInfo.InvariantCulture) * 100m, 0, MidpointRounding.AwayFromZero);

    private static Dictionary<string, int> Index(string header) =>
        header.Split(',').Select((name, i) => (name, i)).ToDictionary(p => p.name, p => p.i);

    private static string[] Fields(string line) => line.Split(',').Select(v => v.StartsWith('`') ? v[1..] : v).ToArray();

    private static byte[] Gunzip(byte[] file)
    {
        using var input = new GZipStream(new MemoryStream(file), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
