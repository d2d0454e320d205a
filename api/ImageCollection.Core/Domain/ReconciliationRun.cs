namespace ImageCollection.Core.Domain;

public enum ReconciliationRunStatus { Queued, Running, Succeeded, Failed }

/// <summary>
/// One reconciliation of a day's trade bill against our orders, requested by support or by the daily schedule, run by
/// the worker: what it compared and every difference it found (each also a payment exception for support).
/// </summary>
public sealed class ReconciliationRun
{
    private readonly List<ReconciliationDifference> _differences = [];

    private ReconciliationRun() { }

    public ReconciliationRun(DateOnly billDate, Actor requestedBy, DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        BillDate = billDate;
        RequestedByType = requestedBy.Type;
        RequestedById = requestedBy.Id;
        RequestedAt = now;
        Status = ReconciliationRunStatus.Queued;
    }

    public Guid Id { get; private set; }
    public DateOnly BillDate { get; private set; }
    public ReconciliationRunStatus Status { get; private set; }
    public string RequestedByType { get; private set; } = "";
    public Guid? RequestedById { get; private set; }
    public DateTimeOffset RequestedAt { get; private set; }
    public DateTimeOffset? StartedAt { get; private set; }
    public DateTimeOffset? FinishedAt { get; private set; }
    /// <summary>Rows of the trade bill, and of them the payments (SUCCESS).</summary>
    public int BillRows { get; private set; }
    public int BillPayments { get; private set; }
    /// <summary>Orders we hold as paid on the bill's day.</summary>
    public int OurPayments { get; private set; }
    /// <summary>Why the run failed (WeChat's answer, not personal data).</summary>
    public string? Error { get; private set; }
    public uint Version { get; private set; }
    public IReadOnlyList<ReconciliationDifference> Differences => _differences;

    public bool IsFinished => Status is ReconciliationRunStatus.Succeeded;

    /// <summary>A worker takes it (again, after a failed attempt): what an earlier attempt found is dropped.</summary>
    public void Start(DateTimeOffset now)
    {
        if (IsFinished) throw DomainException.Conflict("reconciliation.finished", "This reconciliation has finished.");
        Status = ReconciliationRunStatus.Running;
        StartedAt = now;
        FinishedAt = null;
        Error = null;
        _differences.Clear();
    }

    public void Found(PaymentExceptionKind kind, string outTradeNo, string? transactionId, Guid? orderId, long amountFen, string detail) =>
        _differences.Add(new ReconciliationDifference(Id, kind, outTradeNo, transactionId, orderId, amountFen, detail));

    public void Succeeded(int billRows, int billPayments, int ourPayments, DateTimeOffset now)
    {
        (BillRows, BillPayments, OurPayments) = (billRows, billPayments, ourPayments);
        Status = ReconciliationRunStatus.Succeeded;
        FinishedAt = now;
    }

    public void Failed(string error, DateTimeOffset now)
    {
        Status = ReconciliationRunStatus.Failed;
        Error = error.Length > 500 ? error[..500] : error;
        FinishedAt = now;
    }
}

/// <summary>What a reconciliation found not to match: a payment we had missed (applied), or one WeChat does not know.</summary>
public sealed class ReconciliationDifference
{
    private ReconciliationDifference() { }

    public ReconciliationDifference(Guid runId, PaymentExceptionKind kind, string outTradeNo, string? transactionId, Guid? orderId, long amountFen,
        string detail)
    {
        Id = Guid.CreateVersion7();
        RunId = runId;
        Kind = kind;
        OutTradeNo = outTradeNo;
        TransactionId = transactionId;
        OrderId = orderId;
        AmountFen = amountFen;
        Detail = detail;
    }

    public Guid Id { get; private set; }
    public Guid RunId { get; private set; }
    public PaymentExceptionKind Kind { get; private set; }
    public string OutTradeNo { get; private set; } = "";
    public string? TransactionId { get; private set; }
    public Guid? OrderId { get; private set; }
    public long AmountFen { get; private set; }
    public string Detail { get; private set; } = "";
}
