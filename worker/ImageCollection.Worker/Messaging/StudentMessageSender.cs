using ImageCollection.Core.Data;
using ImageCollection.Core.Domain;
using ImageCollection.Core.Jobs;
using ImageCollection.Core.Messaging;
using ImageCollection.Core.MiniProgram;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ImageCollection.Worker.Messaging;

/// <summary>
/// Sends the subscribe messages of the outbox (<see cref="StudentMessage"/>): the oldest due rows, taken with
/// <c>for update skip locked</c> so that several workers share them, sent a few at a time, then deleted in one
/// statement (sent, refused by the user, or no template configured) or put off with a growing delay when WeChat did
/// not take them. A message reaches WeChat at least once: a worker that dies between sending and deleting leaves its
/// rows to be sent again. Polls every <c>Jobs:QueuePollInterval</c> while there is nothing to send.
/// </summary>
public sealed class StudentMessageSender(IServiceScopeFactory scopes, IOptions<JobsOptions> jobs, TimeProvider clock,
    ILogger<StudentMessageSender> logger) : BackgroundService
{
    private const int Batch = 64;
    /// <summary>Sends at once: a burst of payments should not make their callbacks compete with many sends (two still drain ~1,500 a second).</summary>
    private const int Parallel = 2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var taken = 0;
            try
            {
                taken = await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Sending subscribe messages failed; trying again");
            }
            if (taken < Batch) await Task.Delay(jobs.Value.QueuePollInterval, clock, stoppingToken);
        }
    }

    /// <summary>One round: returns how many messages it took.</summary>
    public async Task<int> SendDueAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var sender = scope.ServiceProvider.GetRequiredService<SubscribeMessages>();
        var now = clock.GetUtcNow();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var due = await db.StudentMessages
            .FromSql($"select * from student_messages where next_attempt_at <= {now} order by next_attempt_at limit {Batch} for update skip locked")
            .ToListAsync(ct);
        if (due.Count == 0) return 0;

        var failures = new string?[due.Count];
        await System.Threading.Tasks.Parallel.ForAsync(0, due.Count, new ParallelOptions { MaxDegreeOfParallelism = Parallel, CancellationToken = ct },
            async (i, token) =>
            {
                try
                {
                    if (await sender.SendAsync(due[i], token) == SubscribeOutcome.Failed) failures[i] = "WeChat refused the message";
                }
                catch (Exception e) when (e is HttpRequestException or MiniProgramApiException or System.Text.Json.JsonException
                                               || (e is TaskCanceledException && !token.IsCancellationRequested))
                {
                    failures[i] = e.GetType().Name + ": " + e.Message;
                }
            });

        var done = new List<Guid>(due.Count);
        for (var i = 0; i < due.Count; i++)
        {
            if (failures[i] is not { } error)
            {
                done.Add(due[i].Id);
                continue;
            }
            due[i].Failed(error, now);
            if (!due[i].GivenUp) continue;
            logger.LogWarning("Subscribe message {MessageId} ({Template}) dropped after {Attempts} attempts: {Error}",
                due[i].Id, due[i].Template, due[i].Attempts, error);
            done.Add(due[i].Id);
        }
        await db.SaveChangesAsync(ct);
        await db.StudentMessages.Where(m => done.Contains(m.Id)).ExecuteDeleteAsync(ct);
        await tx.CommitAsync(ct);
        return due.Count;
    }
}
