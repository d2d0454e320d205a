using System.Text.RegularExpressions;
using ImageCollection.Core.Data;
using ImageCollection.Core.Documents;
using ImageCollection.Core.Domain;
using ImageCollection.Core.PersonalData;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Rosters;

/// <summary>
/// A batch's roster from the school's file (学号, 姓名, 院系, 专业, 班级; never ID numbers): every row is checked, one bad
/// row refuses the whole file (row-numbered errors, nothing written); a good file replaces the roster and the answer
/// says what changed.
/// </summary>
public sealed partial class Rosters(AppDbContext db, PersonalDataProtector personalData)
{
    public sealed record Change(int Rows, int Added, int Removed, int Changed, int Unchanged);

    private static readonly string[] IdColumns = ["身份证号", "身份证", "证件号码", "证件号", "idnumber", "id_number"];

    public async Task<Change> ReplaceAsync(Batch batch, IReadOnlyList<TableRow> rows, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        var errors = new List<RowError>();
        if (rows.Count == 0) errors.Add(new RowError(1, "", "文件没有数据行：第一行为列名（学号、姓名、院系、专业、班级）。"));
        if (rows.SelectMany(r => r.Cells.Keys).Distinct().FirstOrDefault(k => IdColumns.Contains(k)) is { } idColumn)
            errors.Add(new RowError(1, idColumn, "名单不得包含身份证号：请删除该列后重新上传。"));
        var entries = new List<RosterEntry>();
        var numbers = new Dictionary<string, int>();
        foreach (var row in rows)
        {
            var number = row.Get("学号", "studentNumber", "student_number");
            var name = row.Get("姓名", "name");
            var department = Optional(row.Get("院系", "学院", "department"));
            var major = Optional(row.Get("专业", "major"));
            var className = Optional(row.Get("班级", "class", "className", "class_name"));
            var before = errors.Count;
            if (number.Length == 0) errors.Add(new RowError(row.Number, "学号", "缺少学号。"));
            else if (number.Length > 30 || !StudentNumberPattern().IsMatch(number))
                errors.Add(new RowError(row.Number, "学号", "学号最多 30 个字母、数字或“-”。"));
            else if (numbers.TryGetValue(number.ToUpperInvariant(), out var first))
                errors.Add(new RowError(row.Number, "学号", $"与第 {first} 行学号重复。"));
            if (name.Length == 0) errors.Add(new RowError(row.Number, "姓名", "缺少姓名。"));
            else if (name.Length > 100 || name.Any(char.IsControl)) errors.Add(new RowError(row.Number, "姓名", "姓名最多 100 个字符。"));
            foreach (var (column, value) in new[] { ("院系", department), ("专业", major), ("班级", className) })
                if (value is { Length: > 100 } || value?.Any(char.IsControl) == true)
                    errors.Add(new RowError(row.Number, column, "最多 100 个字符，且不含控制字符。"));
            if (errors.Count > before) continue;
            numbers[number.ToUpperInvariant()] = row.Number;
            entries.Add(new RosterEntry(batch.Id, new ProtectedValue(personalData.Encrypt(PersonalField.StudentNumber, number),
                personalData.Hash(PersonalField.StudentNumber, number), Mask.StudentNumber(number)), name, department, major, className, row.Number, now));
        }
        if (errors.Count > 0)
            throw new DomainException(DomainErrorKind.Unprocessable, "roster.invalid",
                $"{errors.Count} problems in the file; nothing was imported. Correct them and upload the whole file again.",
                new Dictionary<string, object?> { ["errors"] = errors.Take(200).ToList() });

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // One roster change of a batch at a time: the second waits and compares with the first one's result.
        await db.Database.ExecuteSqlAsync($"select pg_advisory_xact_lock(hashtextextended({"roster:" + batch.Id}, 0))", ct);
        var old = await db.RosterEntries.Where(r => r.BatchId == batch.Id).ToListAsync(ct);
        var oldByHash = old.ToDictionary(r => Convert.ToHexString(r.StudentNumberHash));
        var newHashes = entries.Select(e => Convert.ToHexString(e.StudentNumberHash)).ToHashSet();
        var (added, changed, unchanged) = (0, 0, 0);
        foreach (var e in entries)
        {
            if (!oldByHash.TryGetValue(Convert.ToHexString(e.StudentNumberHash), out var was)) added++;
            else if (was.Name != e.Name || was.Department != e.Department || was.Major != e.Major || was.ClassName != e.ClassName) changed++;
            else unchanged++;
        }
        var change = new Change(entries.Count, added, old.Count(o => !newHashes.Contains(Convert.ToHexString(o.StudentNumberHash))), changed, unchanged);
        db.RosterEntries.RemoveRange(old);
        await db.SaveChangesAsync(ct);
        db.RosterEntries.AddRange(entries);
        db.AuditEntries.Add(new AuditEntry(actor, "roster.replaced", nameof(Batch), batch.Id, new { Rows = old.Count }, change, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return change;
    }

    private static string? Optional(string text) => text.Length == 0 ? null : text;

    [GeneratedRegex("^[0-9A-Za-z-]+$")]
    private static partial Regex StudentNumberPattern();
}
