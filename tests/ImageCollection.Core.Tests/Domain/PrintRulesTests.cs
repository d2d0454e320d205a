using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Tests.Domain;

/// <summary>Print sizes at 300 dpi, sheets per student, captions, parcels' transitions, and the reprint order that never pays for the collection.</summary>
public sealed class PrintRulesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Theory]
    [InlineData(PrintLayout.TwoInch, 413, 579, 8)]
    [InlineData(PrintLayout.OneInch, 295, 413, 10)]
    [InlineData(PrintLayout.SmallTwoInch, 390, 567, 8)] // the 小2寸 390 × 567 px
    public void Each_layout_has_its_pixels_at_300_dpi_and_fits_a_6_inch_sheet(PrintLayout layout, int width, int height, int perSheet)
    {
        var f = PrintFormat.All[layout];
        Assert.Equal((width, height, perSheet), (f.WidthPx, f.HeightPx, f.PerSheet));
        Assert.True(f.Columns * f.WidthMm <= PrintFormat.SheetWidthMm && f.Rows * f.HeightMm <= PrintFormat.SheetHeightMm);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(8, 1)]
    [InlineData(9, 2)]
    [InlineData(16, 2)]
    public void A_students_copies_take_whole_sheets_of_their_own(int copies, int sheets) =>
        Assert.Equal(sheets, PrintFormat.All[PrintLayout.TwoInch].SheetsFor(copies));

    [Fact]
    public void The_caption_fills_its_tokens_and_drops_missing_ones()
    {
        var offer = new PrintOffer(PrintLayout.TwoInch, 8, PrintOffer.DefaultCaption, PrintDelivery.School, null);
        Assert.Equal("20270001 张三", offer.CaptionFor("20270001", "张三", "软工1班", "计算机学院"));
        Assert.Equal("张三", offer.CaptionFor(null, "张三", null, null));
        Assert.Equal("计算机学院 软工1班 张三", (offer with { Caption = "{department} {class} {name}" }).CaptionFor("1", "张三", "软工1班", "计算机学院"));
    }

    [Fact]
    public void A_posted_parcel_ships_once_and_a_class_pack_is_handed_over_once()
    {
        var address = new ShippingAddress { RecipientName = "王", Phone = new ProtectedValue([1], [2], "139****5678"), Province = "广东省" };
        var parcel = Parcel.Posted(Guid.NewGuid(), Guid.NewGuid(), "ABC00001", Guid.NewGuid(), address, "证件照 2寸 ×8", Now);
        Assert.NotNull(parcel.Shipped("顺丰速运", "SF1234567890", Actor.System, Now));
        Assert.Null(parcel.Shipped("顺丰速运", "SF1234567890", Actor.System, Now)); // the same import again: nothing
        Assert.Equal("parcel.already_shipped", Assert.Throws<DomainException>(() => parcel.Shipped("中通", "ZT0000001", Actor.System, Now)).Code);
        Assert.Equal("parcel.not_class_pack", Assert.Throws<DomainException>(() => parcel.HandedOver(Actor.System, Now)).Code);

        var pack = Parcel.ClassPack(Guid.NewGuid(), Guid.NewGuid(), "ABC00002", "计算机学院", "软工1班", "2 人", Now);
        Assert.Equal("parcel.not_posted", Assert.Throws<DomainException>(() => pack.Shipped("顺丰速运", "SF1", Actor.System, Now)).Code);
        Assert.Equal(ParcelStatus.HandedOver, pack.HandedOver(Actor.System, Now) is not null ? pack.Status : ParcelStatus.Packed);
        Assert.Null(pack.HandedOver(Actor.System, Now));
    }

    [Fact]
    public void A_paid_reprint_order_never_counts_as_paying_for_the_collection()
    {
        var reprint = new Order(Guid.NewGuid(), Guid.NewGuid(), "R1", 1000, "o", Now.AddMinutes(30), null, Now, TradeType.Jsapi, OrderPurpose.Reprint, 2);
        reprint.MarkPaid("4200000001", Now, Actor.System, Now);
        var collection = new Order(Guid.NewGuid(), Guid.NewGuid(), "C1", 1500, "o", Now.AddMinutes(30), null, Now);
        collection.MarkPaid("4200000002", Now, Actor.System, Now);
        Assert.Equal((false, true), (reprint.CountsAsPaid, collection.CountsAsPaid));
        Assert.Equal(2, reprint.ReprintCopies);
    }

    [Fact]
    public void Print_terms_lock_once_a_run_printed_for_the_batch()
    {
        var batch = new Batch("P12345", Guid.NewGuid(), CollectionType.Online, new BatchTerms("全日制", 2027, 1500, Payer.Student, Now, Now.AddDays(7), Now,
            Now.AddDays(14), null, 3, TimeSpan.FromHours(48), [Backgrounds.LightBlue]), Now);
        var offer = new PrintOffer(PrintLayout.TwoInch, 8, PrintOffer.DefaultCaption, PrintDelivery.Post, 500);
        batch.ChangePrints(offer, anyPrinted: false, Now);
        Assert.True(batch.PostsPrints);
        batch.ChangePrints(offer with { }, anyPrinted: true, Now); // the same terms again: fine
        Assert.Equal("prints.locked", Assert.Throws<DomainException>(() => batch.ChangePrints(offer with { Copies = 4 }, anyPrinted: true, Now)).Code);
    }
}
