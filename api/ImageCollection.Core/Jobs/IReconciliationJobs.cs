namespace ImageCollection.Core.Jobs;

public interface IReconciliationJobs
{
    /// <summary>Recurring daily: yesterday's trade bill against our orders.</summary>
    Task RunYesterdayAsync(CancellationToken cancellationToken);

    Task RunAsync(DateOnly billDate, CancellationToken cancellationToken);
}
