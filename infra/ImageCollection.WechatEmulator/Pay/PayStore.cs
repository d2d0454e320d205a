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
    public string OpenId { get; set; } = "";
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
/// Orders and refunds the emulator knows, kept in memory and saved under its data folder: a change marks the state
/// dirty and a saver writes the whole file at most every <see cref="SaveInterval"/> (so a burst of orders costs a few
/// writes, not one each), and once more when the host stops.
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
    private long _version, _saved;
    private Task? _saver;

    public PayStore(EmulatorKeys keys)
    {
        _file = Path.Combine(keys.DataPath, "pay-state.json");
        _state = File.Exists(_file) ? JsonSerializer.Deserialize<State>(File.ReadAllText(_file)) ?? new() : new();
    }

    public T Read<T>(Func<State, T> read)
    {
        lock (_gate) return read(_state);
    }

    /// <summary>Changes the state under one lock; the saver writes it soon after.</summary>
    public T Change<T>(Func<State, T> change)
    {
        T result;
        lock (_gate)
        {
            result = change(_state);
            _version++;
        }
        if (_changed.CurrentCount == 0) _changed.Release();
        return result;
    }

    /// <summary>Writes the state if it changed since the last write (whole file, through a temporary file).</summary>
    public void Save()
    {
        lock (_saveGate)
        {
            byte[] bytes;
            long version;
            lock (_gate)
            {
                if (_version == _saved) return;
                version = _version;
                bytes = JsonSerializer.SerializeToUtf8Bytes(_state);
            }
            var temp = _file + ".tmp";
            File.WriteAllBytes(temp, bytes);
            File.Move(temp, _file, overwrite: true);
            _saved = version;
        }
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

    public sealed class State
    {
        public Dictionary<string, EmuOrder> Orders { get; set; } = new();
        public Dictionary<string, EmuRefund> Refunds { get; set; } = new();
        public long Sequence { get; set; }
    }
}
