using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Tests.Domain;

/// <summary>Every pair of statuses of every stateful entity, against its transition table.</summary>
public sealed class TransitionTableTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public static TheoryData<T, T> Pairs<T>() where T : struct, Enum
    {
        var data = new TheoryData<T, T>();
        foreach (var from in Enum.GetValues<T>())
        foreach (var to in Enum.GetValues<T>())
            data.Add(from, to);
        return data;
    }

    public static TheoryData<OrderStatus, OrderStatus> OrderPairs() => Pairs<OrderStatus>();
    public static TheoryData<RefundStatus, RefundStatus> RefundPairs() => Pairs<RefundStatus>();
    public static TheoryData<EnrollmentStatus, EnrollmentStatus> EnrollmentPairs() => Pairs<EnrollmentStatus>();
    public static TheoryData<BulkJobStatus, BulkJobStatus> BulkJobPairs() => Pairs<BulkJobStatus>();
    public static TheoryData<PhotoStatus, PhotoStatus> PhotoPairs() => Pairs<PhotoStatus>();

    [Theory]
    [MemberData(nameof(PhotoPairs))]
    public void Photo_transitions_follow_the_table(PhotoStatus from, PhotoStatus to)
    {
        var expected = (from, to) switch
        {
            (PhotoStatus.Uploaded, PhotoStatus.Checking or PhotoStatus.Withdrawn) => true,
            (PhotoStatus.Checking, PhotoStatus.CheckFailed or PhotoStatus.PendingReview or PhotoStatus.Withdrawn) => true,
            (PhotoStatus.PendingReview, PhotoStatus.Approved or PhotoStatus.Rejected or PhotoStatus.Withdrawn) => true,
            (PhotoStatus.Approved, PhotoStatus.Rejected) => true, // only through an audited support override
            _ => false,
        };
        Assert.Equal(expected, Photo.CanMove(from, to));
    }

    [Theory]
    [MemberData(nameof(OrderPairs))]
    public void Order_transitions_follow_the_table(OrderStatus from, OrderStatus to)
    {
        var expected = (from, to) switch
        {
            (OrderStatus.PendingPayment, OrderStatus.Paid or OrderStatus.Closed) => true,
            (OrderStatus.Closed, OrderStatus.Paid) => true,
            (OrderStatus.Paid, OrderStatus.PartiallyRefunded or OrderStatus.Refunded) => true,
            (OrderStatus.PartiallyRefunded, OrderStatus.Refunded) => true,
            _ => false,
        };
        Assert.Equal(expected, Order.CanMove(from, to));
    }

    [Theory]
    [MemberData(nameof(RefundPairs))]
    public void Refund_transitions_follow_the_table(RefundStatus from, RefundStatus to)
    {
        var expected = (from, to) switch
        {
            (RefundStatus.Requested, not RefundStatus.Requested) => true,
            (RefundStatus.Processing, RefundStatus.Succeeded or RefundStatus.Closed or RefundStatus.Abnormal) => true,
            (RefundStatus.Abnormal, RefundStatus.Processing or RefundStatus.Succeeded or RefundStatus.Closed) => true,
            _ => false,
        };
        Assert.Equal(expected, Refund.CanMove(from, to));
    }

    [Theory]
    [MemberData(nameof(EnrollmentPairs))]
    public void Enrollment_transitions_follow_the_table(EnrollmentStatus from, EnrollmentStatus to)
    {
        var expected = (from, to) switch
        {
            (EnrollmentStatus.Active, EnrollmentStatus.Withdrawn or EnrollmentStatus.Refunded or EnrollmentStatus.Completed) => true,
            (EnrollmentStatus.Completed, EnrollmentStatus.Refunded or EnrollmentStatus.Active) => true,
            _ => false,
        };
        Assert.Equal(expected, Enrollment.CanMove(from, to));
    }

    [Theory]
    [MemberData(nameof(BulkJobPairs))]
    public void Bulk_job_transitions_follow_the_table(BulkJobStatus from, BulkJobStatus to)
    {
        var expected = (from, to) switch
        {
            (BulkJobStatus.Queued, BulkJobStatus.Running or BulkJobStatus.Paused or BulkJobStatus.Failed) => true,
            (BulkJobStatus.Running, BulkJobStatus.Paused or BulkJobStatus.Completed or BulkJobStatus.Failed) => true,
            (BulkJobStatus.Paused, BulkJobStatus.Running or BulkJobStatus.Queued or BulkJobStatus.Failed) => true,
            _ => false,
        };
        Assert.Equal(expected, BulkRefundJob.Transitions[from].Contains(to));
    }

    [Fact]
    public void An_order_refuses_refunds_beyond_what_was_paid_and_tracks_partial_refunds()
    {
        var order = new Order(Guid.NewGuid(), Guid.NewGuid(), "T1", 1500, "openid", Now.AddMinutes(30), null, Now);
        Assert.Equal("refund.order_not_paid", Assert.Throws<DomainException>(() => order.CommitRefund(100, Now)).Code);
        order.MarkPaid("4200000001", Now, Actor.System, Now);

        order.CommitRefund(1000, Now);
        Assert.Equal("refund.exceeds_paid", Assert.Throws<DomainException>(() => order.CommitRefund(501, Now)).Code);
        order.CommitRefund(500, Now);
        Assert.Equal(0, order.RefundableFen);

        order.ReleaseRefund(500, Now); // that refund closed without money moving
        Assert.Equal(500, order.RefundableFen);
        Assert.Equal("partially_refunded", order.RefundSucceeded(1000, Actor.System, Now)!.ToStatus);
        Assert.True(order.CountsAsPaid);
        order.CommitRefund(500, Now);
        Assert.Equal("refunded", order.RefundSucceeded(500, Actor.System, Now)!.ToStatus);
        Assert.False(order.CountsAsPaid);
    }

    [Fact]
    public void A_closed_order_can_still_be_paid_late_and_says_so()
    {
        var order = new Order(Guid.NewGuid(), Guid.NewGuid(), "T2", 1500, "openid", Now.AddMinutes(30), null, Now);
        order.Close("expired", Actor.System, Now);
        var change = order.MarkPaid("4200000002", Now, Actor.System, Now);
        Assert.Equal(("closed", "paid", "paid after close"), (change.FromStatus, change.ToStatus, change.Reason));
    }
}
