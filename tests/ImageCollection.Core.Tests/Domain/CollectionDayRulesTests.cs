using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Tests.Domain;

/// <summary>The collection day's rules that live on the domain: make-up cohorts, studios, scanning hours, bulk refund previews, station orders.</summary>
public sealed class CollectionDayRulesTests
{
    private static readonly DateTimeOffset Now = new(2027, 3, 5, 9, 0, 0, TimeSpan.FromHours(8));

    private static BatchTerms Terms(Studio? studio = null) => new("全日制", 2027, 1500, Payer.Student,
        Now, Now.AddDays(10), Now, Now.AddDays(12), null, 3, TimeSpan.FromDays(2), [Backgrounds.LightBlue], studio);

    [Theory]
    [InlineData(CollectionType.MakeUp, 2027, true)]
    [InlineData(CollectionType.MakeUp, 2024, true)]
    [InlineData(CollectionType.MakeUp, 2028, false)]
    [InlineData(CollectionType.Online, 2026, false)]
    [InlineData(CollectionType.Onsite, 2027, true)]
    [InlineData(CollectionType.WalkIn, 2026, false)]
    public void Make_up_batches_take_earlier_cohorts_and_the_others_only_their_own(CollectionType type, int year, bool accepted) =>
        Assert.Equal(accepted, new Batch("AB12", Guid.NewGuid(), type, Terms(), Now).AcceptsGraduationYear(year));

    [Fact]
    public void Only_walk_in_and_make_up_batches_are_held_at_a_studio_and_then_have_stations()
    {
        var studio = new Studio("五山路1号", "9:00–17:00", "020-12345678");
        Assert.True(new Batch("AB12", Guid.NewGuid(), CollectionType.WalkIn, Terms(studio), Now).HasStations);
        Assert.False(new Batch("AB12", Guid.NewGuid(), CollectionType.WalkIn, Terms(), Now).HasStations);
        Assert.True(new Batch("AB12", Guid.NewGuid(), CollectionType.Onsite, Terms(), Now).HasStations);
        Assert.Equal("batch.studio_not_allowed",
            Assert.Throws<DomainException>(() => new Batch("AB12", Guid.NewGuid(), CollectionType.Online, Terms(studio), Now)).Code);
    }

    [Fact]
    public void A_session_scans_from_an_hour_before_it_starts_to_an_hour_after_it_ends()
    {
        var session = new CollectionSession(Guid.NewGuid(), new CollectionSessionTerms("体育馆", Now, Now.AddHours(3), 2, [], null, null));
        Assert.False(session.IsOpenAt(Now.AddMinutes(-61)));
        Assert.True(session.IsOpenAt(Now.AddMinutes(-60)));
        Assert.True(session.IsOpenAt(Now.AddHours(4).AddMinutes(-1)));
        Assert.False(session.IsOpenAt(Now.AddHours(4)));
    }

    [Fact]
    public void A_bulk_refund_starts_once_from_a_fresh_preview_of_exactly_what_would_be_refunded()
    {
        var refunds = new List<PreviewedRefund> { new(Guid.NewGuid(), Guid.NewGuid(), 1500), new(Guid.NewGuid(), Guid.NewGuid(), 700) };
        var preview = new BulkRefundPreview(Guid.NewGuid(), Actor.System, "统一退费", refunds, Now);
        Assert.Equal((2, 2200L), (preview.Count, preview.TotalFen));

        Assert.Equal("bulk_refund.preview_stale",
            Assert.Throws<DomainException>(() => preview.Start(Guid.NewGuid(), refunds.Take(1).ToList(), Now.AddMinutes(5))).Code);
        Assert.Equal("bulk_refund.preview_stale", Assert.Throws<DomainException>(() =>
            preview.Start(Guid.NewGuid(), [refunds[0], refunds[1] with { AmountFen = 600 }], Now.AddMinutes(5))).Code);
        Assert.Equal("bulk_refund.preview_expired",
            Assert.Throws<DomainException>(() => preview.Start(Guid.NewGuid(), refunds, Now + BulkRefundPreview.Lifetime)).Code);
        Assert.Null(preview.StartedJobId);

        var job = Guid.NewGuid();
        preview.Start(job, [refunds[1], refunds[0]], Now.AddMinutes(5)); // the order of the rows does not matter
        Assert.Equal(job, preview.StartedJobId);
        Assert.Equal("bulk_refund.preview_used",
            Assert.Throws<DomainException>(() => preview.Start(Guid.NewGuid(), refunds, Now.AddMinutes(6))).Code);
    }

    [Fact]
    public void A_station_order_learns_its_payer_from_the_payment()
    {
        var order = new Order(Guid.NewGuid(), null, "N" + Guid.NewGuid().ToString("N")[..24], 1500, "", Now.AddMinutes(15), null, Now, TradeType.Native);
        order.MarkPaid("4200" + Guid.NewGuid().ToString("N")[..24], Now.AddMinutes(1), Actor.System, Now.AddMinutes(1), payerOpenId: "oScanner");
        Assert.Equal((OrderStatus.Paid, "oScanner"), (order.Status, order.PayerOpenId));

        var jsapi = new Order(Guid.NewGuid(), Guid.NewGuid(), "J" + Guid.NewGuid().ToString("N")[..24], 1500, "oStudent", Now.AddMinutes(30), null, Now);
        jsapi.MarkPaid("4200" + Guid.NewGuid().ToString("N")[..24], Now.AddMinutes(1), Actor.System, Now.AddMinutes(1), payerOpenId: "oSomeoneElse");
        Assert.Equal("oStudent", jsapi.PayerOpenId);
    }
}
