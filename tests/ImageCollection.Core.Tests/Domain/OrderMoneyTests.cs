using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Tests.Domain;

/// <summary>The money rules of an order, one definition each: paying, refundable, and reservations that add up.</summary>
public sealed class OrderMoneyTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static Order Paid(long amountFen = 1500)
    {
        var order = new Order(Guid.NewGuid(), Guid.NewGuid(), "T" + Guid.NewGuid().ToString("N")[..8], amountFen, "openid", Now.AddMinutes(30), null, Now);
        order.MarkPaid("4200000001", Now, Actor.System, Now);
        return order;
    }

    [Fact]
    public void A_closed_refund_releases_exactly_what_it_reserved()
    {
        var order = Paid();
        order.CommitRefund(500, Now);
        order.ReleaseRefund(500, Now);
        Assert.Equal(1500, order.RefundableFen);
    }

    [Theory]
    [InlineData(600)]
    [InlineData(0)]
    [InlineData(-5)]
    public void Releasing_more_than_is_reserved_is_refused_not_floored(long amountFen)
    {
        var order = Paid();
        order.CommitRefund(500, Now);
        Assert.Throws<InvalidOperationException>(() => order.ReleaseRefund(amountFen, Now));
        Assert.Equal(1000, order.RefundableFen);
    }

    [Fact]
    public void A_succeeded_refund_can_no_longer_be_released()
    {
        var order = Paid();
        order.CommitRefund(500, Now);
        order.RefundSucceeded(500, Actor.System, Now);
        Assert.Throws<InvalidOperationException>(() => order.ReleaseRefund(500, Now));
    }

    [Fact]
    public void Paying_and_refundable_are_one_rule_in_memory_and_in_queries()
    {
        var order = Paid();
        var paying = Order.Paying.Compile();
        var refundable = Order.Refundable.Compile();
        Assert.True(order.CountsAsPaid && paying(order) && refundable(order));

        order.CommitRefund(1500, Now); // reserved in full, not yet refunded: still paying, nothing left to refund
        Assert.True(order.CountsAsPaid && paying(order));
        Assert.False(refundable(order));
        Assert.Equal(0, order.RefundableFen);

        order.RefundSucceeded(1500, Actor.System, Now);
        Assert.False(order.CountsAsPaid || paying(order));
    }
}
