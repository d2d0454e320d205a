namespace ImageCollection.Core.Jobs;

public interface IReconciliationJobs
{
    /// <summary>Recurring daily: yesterday's trade bill against our orders.</summary>
    Task RunYesterdayAsync(CancellationToken cancellationToken);

    /// <summary>A day's bill, as a new run (kept for jobs enqueued before runs were recorded).</summary>
    Task RunAsync(DateOnly billDate, CancellationToken cancellationToken);

    /// <summary>The <c>ReconciliationRun</c> support requested; a finished one is not run again.</summary>
    Task RunRequestedAsync(Guid runId, CancellationToken cancellationToken);
}
