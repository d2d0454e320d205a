using System.Text.Json;
using ImageCollection.WechatEmulator.Crypto;

namespace ImageCollection.WechatEmulator.Pay;

public sealed class EmuOrder
{
    public string OutTradeNo { get; set; } = "";
    public string AppId { get; set; } = "";
    public string MchId { get; set; } = "";
    public string Description { get; set; } = "";
    public long Total { get; set; }
    /// <summary>JSAPI: the payer named at prepay; NATIVE: whoever scanned the QR, once paid.</summary>
    public string OpenId { get; set; } = "";
    public string TradeType { get; set; } = "JSAPI";
    public string NotifyUrl { get; set; } = "";
    public string? Attach { get; set; }
    public DateTimeOffset TimeExpire { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>NOTPAY, SUCCESS, CLOSED or REFUND.</summary>
    public string State { get; set; } = "NOTPAY";
    public string? TransactionId { get; set; }
    public DateTimeOffset? SuccessTime { get; set; }
}

public sealed class EmuRefund
{
    public string OutRefundNo { get; set; } = "";
    public string RefundId { get; set; } = "";
    public string OutTradeNo { get; set; } = "";
    public string TransactionId { get; set; } = "";
    public long Refund { get; set; }
    public long Total { get; set; }
    public string? Reason { get; set; }
    public string? NotifyUrl { get; set; }
    /// <summary>PROCESSING, SUCCESS, CLOSED or ABNORMAL.</summary>
    public string Status { get; set; } = "PROCESSING";
    public DateTimeOffset CreateTime { get; set; }
    public DateTimeOffset? SuccessTime { get; set; }
}

/// <summary>
/// Orders and refunds the emulator knows, kept in memory and journaled under its data folder: a change marks what it
/// touched, and a saver appends those records (one JSON line each, the last line of a record wins) at most every
/// <see cref="SaveInterval"/> and once more when the host stops, so a burst of orders costs a few small appends, not
/// a rewrite of everything. At start the journal is read and written again compacted.
/// </summary>
public sealed class PayStore : IHostedService, IDisposable
{
    public static readonly TimeSpan SaveInterval = TimeSpan.FromMilliseconds(200);
    private readonly object _gate = new();
    private readonly object _saveGate = new();
    private readonly string _file;
    private readonly State _state;
    private readonly SemaphoreSlim _changed = new(0);
    private readonly CancellationTokenSource _stop = new();
    private Task? _saver;

    public PayStore(EmulatorKeys keys)
    {
        _file = Path.Combine(keys.DataPath, "pay-state.jsonl");
        _state = Load(_file);
        var compacted = _state.Orders.Values.Select(o => new Line { Order = o })
            .Concat(_state.Refunds.Values.Select(r => new Line { Refund = r })).Append(new Line { Sequence = _state.Sequence });
        File.WriteAllLines(_file + ".tmp", compacted.Select(l => JsonSerializer.Serialize(l)));
        File.Move(_file + ".tmp", _file, overwrite: true);
    }

    public T Read<T>(Func<State, T> read)
    {
        lock (_gate) return read(_state);
    }

    /// <summary>Changes the state under one lock (the change calls <see cref="State.Touch(EmuOrder)"/> on what it changed); the saver appends it soon
    /// after.</summary>
    public T Change<T>(Func<State, T> change)
    {
        T result;
        bool touched;
        lock (_gate)
        {
            result = change(_state);
            touched = _state.Dirty.Count > 0;
        }
        if (touched && _changed.CurrentCount == 0) _changed.Release();
        return result;
    }

    /// <summary>Appends the records changed since the last save.</summary>
    public void Save()
    {
        lock (_saveGate)
        {
            var lines = new List<string>();
            lock (_gate)
            {
                if (_state.Dirty.Count == 0) return;
                foreach (var record in _state.Dirty)
                    lines.Add(JsonSerializer.Serialize(record is EmuOrder o ? new Line { Order = o } : new Line { Refund = (EmuRefund)record }));
                lines.Add(JsonSerializer.Serialize(new Line { Sequence = _state.Sequence }));
                _state.Dirty.Clear();
            }
            File.AppendAllLines(_file, lines);
        }
    }

    private static State Load(string file)
    {
        var state = new State();
        var earlier = Path.ChangeExtension(file, ".json"); // the whole-state file of earlier versions
        if (!File.Exists(file) && File.Exists(earlier) && JsonSerializer.Deserialize<JsonElement>(File.ReadAllText(earlier)) is var whole)
        {
            foreach (var o in whole.GetProperty("Orders").EnumerateObject()) state.Orders[o.Name] = o.Value.Deserialize<EmuOrder>()!;
            foreach (var r in whole.GetProperty("Refunds").EnumerateObject()) state.Refunds[r.Name] = r.Value.Deserialize<EmuRefund>()!;
            state.Sequence = whole.GetProperty("Sequence").GetInt64();
        }
        if (!File.Exists(file)) return state;
        foreach (var text in File.ReadLines(file))
        {
            if (string.IsNullOrWhiteSpace(text)) continue;
            Line line;
            try { line = JsonSerializer.Deserialize<Line>(text)!; }
            catch (JsonException) { continue; } // a line cut short when the process was killed mid-write
            if (line.Order is { } o) state.Orders[o.OutTradeNo] = o;
            if (line.Refund is { } r) state.Refunds[r.OutRefundNo] = r;
            if (line.Sequence is { } n) state.Sequence = Math.Max(state.Sequence, n);
        }
        return state;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _saver = Task.Run(async () =>
        {
            try
            {
                while (!_stop.IsCancellationRequested)
                {
                    await _changed.WaitAsync(_stop.Token);
                    Save();
                    await Task.Delay(SaveInterval, _stop.Token);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stop.CancelAsync();
        if (_saver is not null) await _saver;
        Save();
    }

    public void Dispose()
    {
        Save();
        _stop.Dispose();
        _changed.Dispose();
    }

    private sealed class Line
    {
        public EmuOrder? Order { get; set; }
        public EmuRefund? Refund { get; set; }
        public long? Sequence { get; set; }
    }

    public sealed class State
    {
        public Dictionary<string, EmuOrder> Orders { get; } = new();
        public Dictionary<string, EmuRefund> Refunds { get; } = new();
        public long Sequence { get; set; }
        internal HashSet<object> Dirty { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>Marks a record changed (or added), to be journaled.</summary>
        public void Touch(EmuOrder order) => Dirty.Add(order);

        public void Touch(EmuRefund refund) => Dirty.Add(refund);
    }
}
