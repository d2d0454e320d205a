namespace ImageCollection.Core.Domain;

/// <summary>Staff record that a school paid for a set of enrollments (a class or department): they count as paid.</summary>
public sealed class SchoolPayment
{
    private SchoolPayment() { }

    public SchoolPayment(Guid batchId, long amountFen, string reference, string? note, Guid recordedBy, IEnumerable<Guid> enrollmentIds, DateTimeOffset now,
        StatementGroup? group = null)
    {
        Group = group;
        Id = Guid.CreateVersion7();
        BatchId = batchId;
        AmountFen = amountFen;
        Reference = reference.Trim();
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        RecordedBy = recordedBy;
        RecordedAt = now;
        Enrollments = enrollmentIds.Distinct().Select(id => new SchoolPaymentEnrollment(Id, id)).ToList();
    }

    public Guid Id { get; private set; }
    public Guid BatchId { get; private set; }
    public long AmountFen { get; private set; }
    /// <summary>The school's transfer or invoice reference.</summary>
    public string Reference { get; private set; } = "";
    public string? Note { get; private set; }
    public Guid RecordedBy { get; private set; }
    /// <summary>The statement line it pays, when recorded against a statement (a department and/or class).</summary>
    public StatementGroup? Group { get; private set; }
    public DateTimeOffset RecordedAt { get; private set; }
    public List<SchoolPaymentEnrollment> Enrollments { get; private set; } = [];
}

/// <summary>A line of a school's statement: a department (or major) and a class; either may be empty.</summary>
public sealed record StatementGroup(string? Department, string? ClassName);

/// <summary>One enrollment covered by a school payment; an enrollment is covered at most once.</summary>
public sealed class SchoolPaymentEnrollment(Guid schoolPaymentId, Guid enrollmentId)
{
    public Guid SchoolPaymentId { get; private set; } = schoolPaymentId;
    public Guid EnrollmentId { get; private set; } = enrollmentId;
}
