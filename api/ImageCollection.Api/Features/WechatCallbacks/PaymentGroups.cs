using System.Threading.Channels;
using ImageCollection.Core.Orders;
using ImageCollection.Core.WechatPay;

namespace ImageCollection.Api.Features.WechatCallbacks;

/// <summary>
/// Group commit for payment notifications: verified notifications wait here while the previous group commits, and
/// are then applied together in one transaction (<see cref="PaymentApplier.ApplyGroupAsync"/>), each request answered
/// once its group has committed. At a trickle a group is one notification and nothing waits; in a burst (a class paying
/// at once) the database commits once per group instead of once per payment. A notification the group does not take
/// (a repeat, a closed order, a mismatch) or a group that fails is applied alone, with every check. Nothing is held
/// across processes: two API instances each group their own requests, and the row locks order them.
/// </summary>
public sealed class PaymentGroups(IServiceScopeFactory scopes, ILogger<PaymentGroups> logger) : BackgroundService
{
    /// <summary>Groups committing at once: while one commits, the next forms.</summary>
    private const int Committers = 2;
    private const int MaxGroup = 100;

    private readonly Channel<Waiting> _waiting = Channel.CreateUnbounded<Waiting>();
    private volatile bool _running;

    private sealed record Waiting(WechatTransaction Transaction, string Source, TaskCompletionSource<PaymentOutcome?> Outcome);

    public async Task<PaymentOutcome> ApplyAsync(WechatTransaction transaction, string source, CancellationToken ct)
    {
        if (_running)
        {
            var waiting = new Waiting(transaction, source, new TaskCompletionSource<PaymentOutcome?>(TaskCreationOptions.RunContinuationsAsynchronously));
            if (_waiting.Writer.TryWrite(waiting) && await waiting.Outcome.Task.WaitAsync(ct) is { } outcome) return outcome;
        }
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<PaymentApplier>().ApplyAsync(transaction, source, ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running = true;
        try
        {
            await Task.WhenAll(Enumerable.Range(0, Committers).Select(_ => CommitGroupsAsync(stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // Whoever still waits applies their notification alone.
            _running = false;
            _waiting.Writer.TryComplete();
            while (_waiting.Reader.TryRead(out var left)) left.Outcome.TrySetResult(null);
        }
    }

    private async Task CommitGroupsAsync(CancellationToken stoppingToken)
    {
        var group = new List<Waiting>(MaxGroup);
        while (await _waiting.Reader.WaitToReadAsync(stoppingToken))
        {
            group.Clear();
            while (group.Count < MaxGroup && _waiting.Reader.TryRead(out var next)) group.Add(next);
            if (group.Count == 0) continue;
            PaymentOutcome?[] outcomes;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                outcomes = await scope.ServiceProvider.GetRequiredService<PaymentApplier>()
                    .ApplyGroupAsync(group.Select(w => (w.Transaction, w.Source)).ToList(), CancellationToken.None);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "A group of {Count} payments could not be applied together; applying them one by one", group.Count);
                outcomes = new PaymentOutcome?[group.Count];
            }
            for (var i = 0; i < group.Count; i++) group[i].Outcome.TrySetResult(outcomes[i]);
        }
    }
}
