namespace ImageCollection.Core.Orders;

/// <summary>Section <c>Payments</c>: order lifetime, when unpaid orders are queried, bulk refund pace.</summary>
public sealed class PaymentsOptions
{
    public const string Section = "Payments";

    /// <summary>An order expires at the earlier of the batch's payment close and this (30 minutes).</summary>
    public TimeSpan OrderLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A prepaid order still unpaid after this long is queried by the sweeper.</summary>
    public TimeSpan UnpaidQueryAfter { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>Refunds per second a bulk refund sends (WeChat allows 150 QPS, and 6 QPS of erroneous calls).</summary>
    public double BulkRefundPerSecond { get; set; } = 20;

    /// <summary>How long a bulk refund paused on NOT_ENOUGH waits before trying again by itself.</summary>
    public TimeSpan NotEnoughRetryAfter { get; set; } = TimeSpan.FromMinutes(30);
}
