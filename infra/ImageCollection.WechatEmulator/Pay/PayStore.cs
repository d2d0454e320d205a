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

/// <summary>Orders and refunds the emulator knows, kept in memory and saved under its data folder after each change.</summary>
public sealed class PayStore
{
    private readonly object _gate = new();
    private readonly string _file;
    private readonly State _state;

    public PayStore(EmulatorKeys keys)
    {
        _file = Path.Combine(keys.DataPath, "pay-state.json");
        _state = File.Exists(_file) ? JsonSerializer.Deserialize<State>(File.ReadAllText(_file)) ?? new() : new();
    }

    public T Read<T>(Func<State, T> read)
    {
        lock (_gate) return read(_state);
    }

    /// <summary>Changes the state under one lock and saves it (small state: a whole-file write is fine here).</summary>
    public T Change<T>(Func<State, T> change)
    {
        lock (_gate)
        {
            var result = change(_state);
            var temp = _file + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(_state));
            File.Move(temp, _file, overwrite: true);
            return result;
        }
    }

    public sealed class State
    {
        public Dictionary<string, EmuOrder> Orders { get; set; } = new();
        public Dictionary<string, EmuRefund> Refunds { get; set; } = new();
        public long Sequence { get; set; }
    }
}
