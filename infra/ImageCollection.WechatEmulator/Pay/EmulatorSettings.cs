using System.Collections.Concurrent;

namespace ImageCollection.WechatEmulator.Pay;

/// <summary>What tests and demos set through the control API: refund outcomes, balance, forced faults, logs.</summary>
public sealed class EmulatorSettings
{
    /// <summary><c>success</c>, <c>abnormal</c>, <c>closed</c> (a refund reaches that state by itself) or <c>manual</c>.</summary>
    public string RefundOutcome { get; set; } = "success";
    public int RefundDelayMs { get; set; } = 200;
    /// <summary>Refunds answer 403 NOT_ENOUGH (insufficient merchant balance) while set.</summary>
    public bool NotEnough { get; set; }
    public ConcurrentQueue<Fault> Faults { get; } = new();
    public ConcurrentQueue<RequestRecord> Requests { get; } = new();
    public ConcurrentQueue<DeliveryRecord> Deliveries { get; } = new();

    /// <summary>The next matching request gets the fault (and it is used up).</summary>
    public Fault? TakeFault(string method, string path)
    {
        foreach (var fault in Faults)
        {
            if (fault.Remaining <= 0 || !path.StartsWith(fault.PathPrefix, StringComparison.Ordinal)) continue;
            if (fault.Method is { } m && !m.Equals(method, StringComparison.OrdinalIgnoreCase)) continue;
            if (Interlocked.Decrement(ref fault.Remaining) >= 0) return fault;
        }
        return null;
    }
}

/// <summary>status 429 or 500 answers an error; <c>TamperResponse</c> processes the call, then alters the signed body.</summary>
public sealed class Fault
{
    public string PathPrefix { get; set; } = "/v3/";
    public string? Method { get; set; }
    public int Status { get; set; } = 500;
    public bool TamperResponse { get; set; }
    public int Remaining;
}

public sealed record RequestRecord(DateTimeOffset At, string Method, string Target, string Body, int Status, bool SignatureValid);

public sealed record DeliveryRecord(DateTimeOffset At, string NotificationId, string EventType, string Key, int Attempt, int? Status,
    string? ResponseBody, string? Error, bool Stale, bool Tampered);
