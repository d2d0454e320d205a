using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Core.PaymentExceptions;

/// <summary>
/// The one place a payment exception is opened. The same problem seen twice — a repeated notification, a second
/// reconciliation, two replicas at once — is one exception: its dedup key is the kind and what it is about, and the
/// row is inserted only when no row has that key (<c>on conflict do nothing</c>, so concurrent openers never fail).
/// Runs at once on the caller's connection, inside the caller's transaction when there is one.
/// </summary>
public static class PaymentExceptionLog
{
    public static string Key(PaymentExceptionKind kind, string subject) => $"{StatusNames.Snake(kind.ToString())}:{subject}";

    /// <summary>True when this call opened it (false: it was open already, or had been).</summary>
    public static async Task<bool> OpenAsync(AppDbContext db, PaymentExceptionKind kind, string subject, string detail, DateTimeOffset now,
        CancellationToken ct, Guid? orderId = null, Guid? refundId = null, string? outTradeNo = null, string? transactionId = null)
    {
        var opened = new PaymentException(kind, Key(kind, subject), orderId, refundId, outTradeNo, transactionId, detail, now);
        var kindName = StatusNames.Snake(kind.ToString());
        var status = StatusNames.Snake(nameof(PaymentExceptionStatus.Open));
        return await db.Database.ExecuteSqlAsync($"""
            insert into payment_exceptions (id, kind, dedup_key, order_id, refund_id, out_trade_no, transaction_id, detail, status, created_at)
            values ({opened.Id}, {kindName}, {opened.DedupKey}, {orderId}, {refundId}, {outTradeNo}, {transactionId}, {detail}, {status}, {now})
            on conflict (dedup_key) do nothing
            """, ct) == 1;
    }
}
