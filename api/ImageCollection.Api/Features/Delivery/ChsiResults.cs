using ImageCollection.Core.Data;
using ImageCollection.Core.Delivery;
using ImageCollection.Core.Documents;
using ImageCollection.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Api.Features.Delivery;

/// <summary>
/// CHSI's result list for a batch, as exported from the agency's CHSI client (CSV or xlsx): the student id the
/// package named the photo by (<see cref="ChsiIds"/>), the result, the reason. Results: delivered (成功/已接收),
/// failed (失败), 校对正确 / 校对错误 (the student's check at CHSI), 比对不通过 (identity comparison failed: one free new
/// photo). Every row is checked first; one bad row refuses the whole file and nothing is applied.
/// </summary>
public sealed class ChsiResults(AppDbContext db)
{
    public enum Result { Delivered, Failed, ProofCorrect, ProofWrong, ComparisonFailed }

    public sealed record Summary(int Rows, int Delivered, int Failed, int ProofCorrect, int ProofWrong, int ComparisonFailed, int EnrollmentsCompleted);

    private static readonly Dictionary<string, Result> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["delivered"] = Result.Delivered, ["success"] = Result.Delivered, ["成功"] = Result.Delivered, ["已接收"] = Result.Delivered,
        ["接收成功"] = Result.Delivered, ["failed"] = Result.Failed, ["失败"] = Result.Failed, ["接收失败"] = Result.Failed,
        ["proof_correct"] = Result.ProofCorrect, ["校对正确"] = Result.ProofCorrect, ["proof_wrong"] = Result.ProofWrong, ["校对错误"] = Result.ProofWrong,
        ["comparison_failed"] = Result.ComparisonFailed, ["比对不通过"] = Result.ComparisonFailed, ["比对未通过"] = Result.ComparisonFailed,
    };

    /// <summary>
    /// Applies the list in one transaction. A photo changed by someone else meanwhile (the worker's 校对 reminder marks
    /// delivered photos) rolls it back whole; it is then planned again from the photos as they are now, up to three
    /// times, since the list says what CHSI answered, not what the photos were.
    /// </summary>
    public async Task<Summary> ApplyAsync(Batch batch, IReadOnlyList<TableRow> rows, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyOnceAsync(batch, rows, actor, now, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
            catch (DbUpdateConcurrencyException)
            {
                throw DomainException.Conflict("chsi_results.concurrent", "Photos of this batch kept changing while the list was applied; upload it again.");
            }
        }
    }

    private async Task<Summary> ApplyOnceAsync(Batch batch, IReadOnlyList<TableRow> rows, Actor actor, DateTimeOffset now, CancellationToken ct)
    {
        // The photos CHSI can speak of: the latest one of each enrollment that went into a package (tracked: this changes them).
        var sent = (await (from p in db.Photos
                           join e in db.Enrollments on p.EnrollmentId equals e.Id
                           where p.BatchId == batch.Id && p.Delivery != null
                           orderby p.DeliveryQueuedAt
                           select new { p, e }).ToListAsync(ct))
            .GroupBy(x => ChsiIds.For(x.e.Id, x.e.Identity).Id).ToDictionary(g => g.Key, g => g.Last().p, StringComparer.OrdinalIgnoreCase);

        var errors = new List<RowError>();
        var plan = new List<(Photo Photo, Result Result, string Reason)>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (rows.Count == 0) errors.Add(new RowError(1, "", "文件没有数据行。"));
        foreach (var row in rows)
        {
            var id = row.Get("studentId", "student_id", "chsiStudentId", "考生号", "学籍号", "文件名", "id");
            var word = row.Get("result", "结果", "状态");
            var reason = row.Get("reason", "原因", "说明");
            if (id.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase)) id = id[..^4];
            if (id.Length == 0) { errors.Add(new RowError(row.Number, "studentId", "缺少考生号（studentId）。")); continue; }
            if (!sent.TryGetValue(id, out var photo)) { errors.Add(new RowError(row.Number, "studentId",
                $"本批次没有以 {id} 报送学信网的照片。")); continue; }
            if (!Words.TryGetValue(word, out var result))
            {
                errors.Add(new RowError(row.Number, "result", $"无法识别的结果“{word}”，应为：{string.Join("、", Words.Keys)}。"));
                continue;
            }
            if (reason.Length > 200) { errors.Add(new RowError(row.Number, "reason", "最多 200 个字符。")); continue; }
            if (result is Result.Failed or Result.ComparisonFailed && reason.Length == 0) reason = result == Result.Failed ? "接收失败" : "比对不通过";
            if (!seen.Add($"{id}:{result}")) { errors.Add(new RowError(row.Number, "studentId", $"{id} 以相同结果出现了两次。")); continue; }
            if (result == Result.ComparisonFailed && photo.Status != PhotoStatus.Approved)
            {
                errors.Add(new RowError(row.Number, "result", $"以 {id} 报送的照片已不是审核通过状态（可能已处理过）。"));
                continue;
            }
            plan.Add((photo, result, reason));
        }
        if (errors.Count > 0)
            throw new DomainException(DomainErrorKind.Unprocessable, "chsi_results.invalid",
                $"{errors.Count} rows of the file are not right; nothing was applied. Correct them and upload the whole file again.",
                new Dictionary<string, object?> { ["errors"] = errors.Take(200).ToList() });

        var completed = 0;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        foreach (var (photo, result, reason) in plan.OrderBy(p => p.Result))
            switch (result)
            {
                case Result.Delivered:
                    completed += await DeliveryEffects.DeliveredAsync(db, [photo], "result_list", actor, now, ct);
                    break;
                case Result.Failed:
                    await DeliveryEffects.RefusedAsync(db, photo, reason, actor, now, ct);
                    break;
                case Result.ProofCorrect or Result.ProofWrong:
                    if (!photo.IsDelivered) completed += await DeliveryEffects.DeliveredAsync(db, [photo], "result_list", actor, now, ct);
                    photo.ProofReported(result == Result.ProofCorrect ? ProofResult.Correct : ProofResult.Wrong, now);
                    break;
                case Result.ComparisonFailed:
                    await DeliveryEffects.ComparisonFailedAsync(db, photo, reason, actor, now, ct);
                    break;
            }
        db.AuditEntries.Add(new AuditEntry(actor, "chsi_results.imported", nameof(Batch), batch.Id, null,
            new { Rows = rows.Count, Results = plan.GroupBy(p => p.Result).ToDictionary(g => g.Key.ToString(), g => g.Count()) }, now));
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        int Count(Result r) => plan.Count(p => p.Result == r);
        return new Summary(rows.Count, Count(Result.Delivered), Count(Result.Failed), Count(Result.ProofCorrect), Count(Result.ProofWrong),
            Count(Result.ComparisonFailed), completed);
    }
}
