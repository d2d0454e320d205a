using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace ImageCollection.WechatEmulator.Pay;

/// <summary>
/// Trade bills (ALL) of past days, from the payments and refunds the emulator holds: BOM, CRLF, back-tick fields, amounts
/// in yuan; the SHA1 is of the uncompressed file; the download is gzip and unsigned.
/// </summary>
public sealed class TradeBills(PayStore store)
{
    private static readonly TimeSpan China = TimeSpan.FromHours(8);
    private const string Header = "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,"
        + "代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注";
    private const string SummaryHeader = "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额";
    private readonly ConcurrentDictionary<string, (byte[] Gzip, DateTimeOffset Expires)> _downloads = new();

    public PayResult Apply(PayRequest r)
    {
        if (!DateOnly.TryParseExact(r.Http.Request.Query["bill_date"], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return PayResult.Error(400, "PARAM_ERROR", "bill_date 格式错误");
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToOffset(China).DateTime);
        if (date >= today) return PayResult.Error(400, "INVALID_REQUEST", "请检查bill_date");
        var file = Build(date);
        if (file is null) return PayResult.Error(400, "NO_STATEMENT_EXIST", "请求的账单文件不存在");
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).Replace('+', '-').Replace('/', '_');
        _downloads[token] = (Gzip(file), DateTimeOffset.UtcNow.AddMinutes(5));
        var url = $"{r.Http.Request.Scheme}://{r.Http.Request.Host}/v3/billdownload/file?token={token}&tartype=gzip";
        return PayResult.Ok(new { hash_type = "SHA1", hash_value = Convert.ToHexStringLower(SHA1.HashData(file)), download_url = url });
    }

    public PayResult Download(PayRequest r) =>
        _downloads.TryGetValue(r.Http.Request.Query["token"].ToString(), out var d) && d.Expires > DateTimeOffset.UtcNow
            ? new PayResult(200, File: d.Gzip)
            : PayResult.Error(400, "INVALID_REQUEST", "下载地址无效或已过期，请重新申请");

    private byte[]? Build(DateOnly date)
    {
        bool OnDay(DateTimeOffset? t) => t is { } v && DateOnly.FromDateTime(v.ToOffset(China).DateTime) == date;
        var (orders, refunds) = store.Read(s => (s.Orders.Values.Where(o => OnDay(o.SuccessTime)).ToList(),
            s.Refunds.Values.Where(x => OnDay(x.CreateTime)).Select(x => (x, s.Orders.GetValueOrDefault(x.OutTradeNo))).ToList()));
        if (orders.Count == 0 && refunds.Count == 0) return null;

        var lines = new List<string> { Header };
        lines.AddRange(orders.Select(o => Row(o.SuccessTime!.Value, o, o.TransactionId!, "SUCCESS", o.Total, "0", "0", 0, "", "", o.Total, 0)));
        lines.AddRange(refunds.Select(p => Row(p.x.CreateTime, p.Item2!, p.x.TransactionId, "REFUND", 0, p.x.RefundId, p.x.OutRefundNo, p.x.Refund,
            "ORIGINAL", p.x.Status, 0, p.x.Refund)));
        var settled = orders.Sum(o => o.Total);
        var refunded = refunds.Sum(p => p.x.Refund);
        lines.Add(SummaryHeader);
        lines.Add(string.Join(',', new[] { (orders.Count + refunds.Count).ToString(CultureInfo.InvariantCulture), Yuan(settled), Yuan(refunded), "0.00",
            "0.00000", Yuan(settled), Yuan(refunded) }.Select(v => "`" + v)));
        return [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n")];
    }

    private static string Row(DateTimeOffset time, EmuOrder o, string transactionId, string state, long settled, string refundId, string outRefundNo,
        long refund, string refundType, string refundStatus, long orderTotal, long refundApplied) =>
        string.Join(',', new[]
        {
            time.ToOffset(China).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), o.AppId, o.MchId, "0", "", transactionId, o.OutTradeNo,
            o.OpenId, o.TradeType, state, "OTHERS", "CNY", Yuan(settled), "0.00", refundId, outRefundNo, Yuan(refund), "0.00", refundType, refundStatus,
            o.Description, o.Attach ?? "", "0.00000", "0.60%", Yuan(orderTotal), Yuan(refundApplied), "",
        }.Select(v => "`" + v));

    private static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest)) gzip.Write(data);
        return output.ToArray();
    }
}
