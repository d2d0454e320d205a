using ImageCollection.Core.Domain;

namespace ImageCollection.Core.Tests.Domain;

/// <summary>Support's pause and resume of a bulk refund: a pause holds the job wherever it stood, and only a resume frees it.</summary>
public sealed class BulkRefundRulesTests
{
    private static readonly DateTimeOffset Now = new(2027, 7, 1, 9, 0, 0, TimeSpan.Zero);
    private static readonly Actor Support = Actor.Staff(Guid.NewGuid());

    private static BulkRefundJob Job() => new(Guid.NewGuid(), Support, "统一退费", Now);

    [Fact]
    public void A_queued_job_paused_by_support_is_held_and_recorded_as_supports()
    {
        var job = Job();
        var change = job.PausedByStaff(Support, Now);
        Assert.NotNull(change);
        Assert.Equal(("queued", "paused", Support.Id), (change.FromStatus, change.ToStatus, change.ActorId));
        Assert.True(job.HeldBySupport);
        Assert.Null(job.PausedByStaff(Support, Now)); // a second pause changes nothing
    }

    [Fact]
    public void A_pause_for_the_balance_becomes_supports_so_the_balance_retry_no_longer_resumes_it()
    {
        var job = Job();
        job.Started(Now);
        job.PausedForBalance(Now);
        Assert.False(job.HeldBySupport);
        var change = job.PausedByStaff(Support, Now.AddMinutes(1));
        Assert.NotNull(change);
        Assert.Equal(("paused", "paused", BulkRefundJob.StaffPauseReason), (change.FromStatus, change.ToStatus, change.Reason));
        Assert.True(job.HeldBySupport);
    }

    [Fact]
    public void Resume_queues_the_job_again_and_frees_it()
    {
        var job = Job();
        job.Started(Now);
        job.PausedByStaff(Support, Now);
        var change = job.Resumed(Support, Now.AddMinutes(5));
        Assert.Equal(("paused", "queued"), (change.FromStatus, change.ToStatus));
        Assert.Equal(BulkJobStatus.Queued, job.Status);
        Assert.False(job.HeldBySupport);
        Assert.Null(job.PausedReason);
        Assert.Equal("bulk_refund.not_paused", Assert.Throws<DomainException>(() => job.Resumed(Support, Now)).Code);
    }

    [Fact]
    public void A_finished_job_cannot_be_paused()
    {
        var job = Job();
        job.Started(Now);
        job.Completed(Now);
        Assert.Equal("bulk_refund.not_running", Assert.Throws<DomainException>(() => job.PausedByStaff(Support, Now)).Code);
    }
}
