using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Views;

public sealed record RefundView(Guid Id, string OutRefundNo, long AmountFen, string Reason, RefundStatus Status, string RequestedByType,
    Guid? RequestedById, Guid? BulkJobId, string? WechatRefundId, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset? SucceededAt);

public sealed record OrderView(Guid Id, Guid EnrollmentId, string OutTradeNo, long AmountFen, OrderStatus Status, DateTimeOffset TimeExpire,
    string? TransactionId, DateTimeOffset? PaidAt, DateTimeOffset? ClosedAt, long RefundedFen, long RefundableFen,
    DateTimeOffset CreatedAt, IReadOnlyList<RefundView> Refunds);

public static class OrderMapping
{
    public static RefundView ToView(Refund r) => new(r.Id, r.OutRefundNo, r.AmountFen, r.Reason, r.Status, r.RequestedByType, r.RequestedById,
        r.BulkJobId, r.WechatRefundId, r.LastError, r.CreatedAt.ToChina(), r.SucceededAt.ToChina());

    public static OrderView ToView(Order o, IEnumerable<Refund> refunds) => new(o.Id, o.EnrollmentId, o.OutTradeNo, o.AmountFen, o.Status,
        o.TimeExpire.ToChina(), o.TransactionId, o.PaidAt.ToChina(), o.ClosedAt.ToChina(), o.RefundedFen, o.RefundableFen,
        o.CreatedAt.ToChina(), refunds.Where(r => r.OrderId == o.Id).OrderBy(r => r.CreatedAt).Select(ToView).ToList());
}
