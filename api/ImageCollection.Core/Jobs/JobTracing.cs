using System.Diagnostics;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;
using ImageCollection.Core.Hosting;

namespace ImageCollection.Core.Jobs;

/// <summary>
/// Carries the trace of whatever enqueued a job into the job (there is no Hangfire instrumentation to take): the
/// client stores the W3C <c>traceparent</c> as a job parameter, the server performs the job inside a consumer span that
/// continues that trace, so one upload reads as one trace from the API's request to the worker's check. Jobs without a
/// parent (recurring ones) start their own trace. Every performed job is also measured (<see cref="AppMetrics"/>).
/// </summary>
public sealed class JobTracing(AppMetrics metrics) : JobFilterAttribute, IClientFilter, IServerFilter
{
    public const string SourceName = "ImageCollection.Jobs";
    private const string ParentParameter = "traceparent";
    private const string StateParameter = "tracestate";
    private const string ActivityItem = "ic.activity";
    private const string StartedItem = "ic.started";

    private static readonly ActivitySource Source = new(SourceName);

    public void OnCreating(CreatingContext context)
    {
        if (Activity.Current is not { } current) return;
        context.SetJobParameter(ParentParameter, current.Id);
        if (current.TraceStateString is { Length: > 0 } state) context.SetJobParameter(StateParameter, state);
    }

    public void OnCreated(CreatedContext context) { }

    public void OnPerforming(PerformingContext context)
    {
        var job = context.BackgroundJob.Job;
        var name = $"{job.Type.Name}.{job.Method.Name}";
        ActivityContext.TryParse(context.GetJobParameter<string>(ParentParameter), context.GetJobParameter<string>(StateParameter), out var parent);
        var activity = Source.StartActivity(name, ActivityKind.Consumer, parent);
        activity?.SetTag("messaging.system", "hangfire");
        activity?.SetTag("messaging.message.id", context.BackgroundJob.Id);
        context.Items[ActivityItem] = activity;
        context.Items[StartedItem] = Stopwatch.GetTimestamp();
    }

    public void OnPerformed(PerformedContext context)
    {
        var job = context.BackgroundJob.Job;
        var failed = context.Exception is not null && !context.ExceptionHandled;
        if (context.Items.TryGetValue(StartedItem, out var started) && started is long ticks)
            metrics.JobPerformed($"{job.Type.Name}.{job.Method.Name}", !failed, Stopwatch.GetElapsedTime(ticks));
        if (context.Items.TryGetValue(ActivityItem, out var item) && item is Activity activity)
        {
            if (failed) activity.SetStatus(ActivityStatusCode.Error, context.Exception!.GetType().Name);
            activity.Dispose();
        }
    }
}
