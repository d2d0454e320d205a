namespace ImageCollection.Core.Jobs;

/// <summary>Section <c>Jobs</c>: Hangfire and sweeper timings (short in tests, minutes in production).</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>How long a fetched job stays invisible before another worker may take it (sliding while it runs).</summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often sweepers look for work left behind (photos stuck in uploaded/checking, unpaid orders).</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long a worker's claim on a piece of work lasts without renewal before the sweeper hands it to another worker:
    /// a photo in <c>checking</c>, a package being built, a bulk refund being sent.
    /// </summary>
    public TimeSpan CheckLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often an idle worker polls the queue.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(1);
}
