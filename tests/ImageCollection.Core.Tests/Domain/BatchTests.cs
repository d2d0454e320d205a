using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Tests.Domain;

public sealed class BatchTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 9, 0, 0, TimeSpan.FromHours(8));

    private static BatchTerms Terms(long fee = 1500, Payer payer = Payer.Student) => new("全日制", 2027, fee, payer,
        Now, Now.AddDays(10), Now.AddDays(5), Now.AddDays(12), null, 3, TimeSpan.FromDays(2), [Backgrounds.LightBlue]);

    public static TheoryData<BatchStatus, BatchStatus> AllPairs()
    {
        var data = new TheoryData<BatchStatus, BatchStatus>();
        foreach (var from in Enum.GetValues<BatchStatus>())
        foreach (var to in Enum.GetValues<BatchStatus>())
            data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Only_listed_transitions_are_allowed(BatchStatus from, BatchStatus to)
    {
        var allowed = (from, to) is (BatchStatus.Draft, BatchStatus.Open) or (BatchStatus.Open, BatchStatus.Closed) or (BatchStatus.Closed, BatchStatus.Open);
        var batch = new Batch("AB12", Guid.NewGuid(), CollectionType.Online, Terms(), Now);
        if (from != BatchStatus.Draft) batch.Open(Now);
        if (from == BatchStatus.Closed) batch.Close(Now);

        Assert.Equal(allowed, Batch.CanMove(from, to));
        // Nothing goes back to draft: there is no event for it.
        if (to == BatchStatus.Draft) return;
        Action move = to == BatchStatus.Open ? () => batch.Open(Now) : () => batch.Close(Now);
        if (allowed)
        {
            move();
            Assert.Equal(to, batch.Status);
        }
        else
        {
            var e = Assert.Throws<DomainException>(move);
            Assert.Equal("batch.invalid_transition", e.Code);
            Assert.Equal(from, batch.Status);
        }
    }

    [Fact]
    public void The_refund_window_defaults_to_seven_days_after_collection()
    {
        var batch = new Batch("ab12", Guid.NewGuid(), CollectionType.Onsite, Terms(), Now);
        Assert.Equal(Now.AddDays(19), batch.RefundClosesAt);
        Assert.Equal("AB12", batch.FeatureCode);
    }

    [Fact]
    public void Fee_and_payer_are_locked_once_anyone_paid()
    {
        var batch = new Batch("AB12", Guid.NewGuid(), CollectionType.Online, Terms(), Now);
        Assert.Equal("batch.fee_locked", Assert.Throws<DomainException>(() => batch.ChangeTerms(Terms(fee: 2000), anyonePaid: true, Now)).Code);
        Assert.Equal("batch.fee_locked", Assert.Throws<DomainException>(() => batch.ChangeTerms(Terms(payer: Payer.School), anyonePaid: true, Now)).Code);
        batch.ChangeTerms(Terms(fee: 2000), anyonePaid: false, Now);
        Assert.Equal(2000, batch.FeeFen);
    }

    [Fact]
    public void Generated_feature_codes_avoid_misread_characters()
    {
        for (var i = 0; i < 500; i++)
        {
            var code = FeatureCodes.Generate();
            Assert.Equal(6, code.Length);
            Assert.DoesNotContain(code, c => "0O1IL".Contains(c));
        }
    }

    [Theory]
    [InlineData("JF3D34", true)]
    [InlineData("ab12", true)]
    [InlineData("abc", false)]
    [InlineData("ABCDEFG", false)]
    [InlineData("AB-12", false)]
    [InlineData("批次12", false)]
    public void Staff_given_codes_are_4_to_6_letters_or_digits(string code, bool valid) =>
        Assert.Equal(valid, FeatureCodes.IsValidGiven(code));
}
