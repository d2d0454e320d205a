namespace ImageCollection.Core.Domain;

/// <summary>
/// One expected graduate of a batch, from the roster the school uploads (学号, 姓名, 院系, 专业, 班级; never ID numbers).
/// The student number is personal data: encrypted, found by its keyed hash, shown masked except to the school's own
/// lists. A re-upload replaces the batch's roster whole.
/// </summary>
public sealed class RosterEntry
{
    private RosterEntry() { }

    public RosterEntry(Guid batchId, ProtectedValue studentNumber, string name, string? department, string? major, string? className, int row,
        DateTimeOffset now)
    {
        Id = Guid.CreateVersion7();
        BatchId = batchId;
        StudentNumberCipher = studentNumber.Cipher;
        StudentNumberHash = studentNumber.Hash;
        StudentNumberMasked = studentNumber.Masked;
        Name = name;
        Department = department;
        Major = major;
        ClassName = className;
        Row = row;
        ImportedAt = now;
    }

    public Guid Id { get; private set; }
    public Guid BatchId { get; private set; }
    public byte[] StudentNumberCipher { get; private set; } = [];
    public byte[] StudentNumberHash { get; private set; } = [];
    public string StudentNumberMasked { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Department { get; private set; }
    public string? Major { get; private set; }
    public string? ClassName { get; private set; }
    /// <summary>Its row in the file it came from.</summary>
    public int Row { get; private set; }
    public DateTimeOffset ImportedAt { get; private set; }
}
