namespace ImageCollection.Core.Domain;

public sealed partial class Order
{
    /// <summary>
    /// A closed order may still become paid: a payment WeChat accepted after we closed it is applied, then refunded.
    /// </summary>
    public static readonly IReadOnlyDictionary<OrderStatus, OrderStatus[]> Transitions = new Dictionary<OrderStatus, OrderStatus[]>
    {
        [OrderStatus.PendingPayment] = [OrderStatus.Paid, OrderStatus.Closed],
        [OrderStatus.Closed] = [OrderStatus.Paid],
        [OrderStatus.Paid] = [OrderStatus.PartiallyRefunded, OrderStatus.Refunded],
        [OrderStatus.PartiallyRefunded] = [OrderStatus.Refunded],
        [OrderStatus.Refunded] = [],
    };

    public static bool CanMove(OrderStatus from, OrderStatus to) => Transitions[from].Contains(to);

    public StatusChange MarkPaid(string transactionId, DateTimeOffset paidAt, Actor actor, DateTimeOffset now, string? payerOpenId = null)
    {
        if (TradeType == TradeType.Native && !string.IsNullOrEmpty(payerOpenId)) PayerOpenId = payerOpenId;
        var change = MoveTo(OrderStatus.Paid, Status == OrderStatus.Closed ? "paid after close" : "paid", actor, now);
        TransactionId = transactionId;
        PaidAt = paidAt.ToUniversalTime();
        return change;
    }

    public StatusChange Close(string reason, Actor actor, DateTimeOffset now)
    {
        var change = MoveTo(OrderStatus.Closed, reason, actor, now);
        ClosedAt = now;
        return change;
    }

    /// <summary>The one place the status changes. Returns the history row to add in the same transaction.</summary>
    private StatusChange MoveTo(OrderStatus to, string reason, Actor actor, DateTimeOffset now)
    {
        if (!CanMove(Status, to))
            throw DomainException.Conflict("order.invalid_transition",
                $"An order that is {StatusNames.Snake(Status.ToString())} cannot become {StatusNames.Snake(to.ToString())}.");
        var change = new StatusChange(nameof(Order), Id, Status.ToString(), to.ToString(), reason, actor, now);
        Status = to;
        UpdatedAt = now;
        return change;
    }
}
