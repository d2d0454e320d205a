using System.Globalization;
using System.Text;
using ImageCollection.Core.Delivery;
using ImageCollection.Core.Documents;
using ImageCollection.Core.Domain;
using ImageCollection.Core.PersonalData;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;

namespace ImageCollection.Worker.Delivery;

/// <summary>
/// A school's package of a batch (or of one department or class): <c>photos/{student number}.jpg</c> (optionally in
/// a folder per department and class), <c>manifest.csv</c> and <c>manifest.xlsx</c>, <c>not_collected.csv</c>,
/// <c>README.txt</c> and <c>SHA256SUMS</c>. A photo whose enrollment has no usable student number is named by its
/// CHSI id, flagged in the manifest.
/// </summary>
public sealed class SchoolPackage(IObjectStore store, PersonalDataProtector personalData)
{
    public static readonly string[] ManifestColumns =
    [
        "院校代码", "院校名称", "批次特征码", "采集方式", "学号", "姓名", "院系", "专业", "班级", "拍摄号", "采集时间", "审核状态", "驳回次数", "最近驳回原因",
        "报送状态", "文件名", "文件名来源", "宽", "高", "字节数", "SHA-256",
    ];

    public static List<StudentProgress> Photos(IEnumerable<StudentProgress> students, PackageJob package) =>
        students.Where(s => s.IsApproved && s.Photo?.NormalisedKey is not null && s.In(package.Department, package.ClassName)).ToList();

    public async Task WriteAsync(PackageJob package, Batch batch, IReadOnlyList<StudentProgress> students, PackageWriter zip, Func<int, Task> progressed,
        DateTimeOffset now, CancellationToken ct)
    {
        var chosen = Photos(students, package);
        // Kept small per photo (the student is in memory anyway); the manifest's cells are made row by row as it is written.
        var rows = new List<(StudentProgress Student, string? Number, string Name, string From, int Width, int Height, int Bytes, string Sha256)>(chosen.Count);
        var done = 0;
        await foreach (var (s, bytes) in PhotoFetch.InOrderAsync(store, chosen, s => s.Photo!.NormalisedKey!, ct))
        {
            var number = s.Enrollment!.Identity.StudentNumber is { } n ? personalData.Decrypt(PersonalField.StudentNumber, n.Cipher) : null;
            var safe = number is null ? "" : ChsiIds.Safe(number);
            var (stem, from) = safe.Length > 0 && safe == number ? (safe, "学号") : (ChsiIds.For(s.Enrollment.Id, s.Enrollment.Identity).Id, "学信网标识（学号缺失或含特殊字符）");
            var folder = package.Folders ? $"{Folder(s.Department)}/{Folder(s.ClassName)}/" : "";
            var name = zip.Unique($"photos/{folder}{stem}.jpg");
            var sha = await zip.AddAsync(name, bytes, ct);
            var header = ImageHeader.Read(bytes.Span);
            rows.Add((s, number, name, from, header.Width, header.Height, bytes.Length, sha));
            await progressed(++done);
        }
        IEnumerable<IDictionary<string, object?>> Manifest() => rows.Count == 0
            ? [ManifestColumns.ToDictionary(c => c, _ => (object?)null)] // the headers, for an empty package
            : rows.Select(r => (IDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["院校代码"] = batch.School!.Code, ["院校名称"] = batch.School.Name, ["批次特征码"] = batch.FeatureCode,
                ["采集方式"] = Type(batch.CollectionType), ["学号"] = r.Number ?? "", ["姓名"] = r.Student.Name, ["院系"] = r.Student.Department ?? "",
                ["专业"] = r.Student.Major ?? "", ["班级"] = r.Student.ClassName ?? "",
                ["拍摄号"] = r.Student.Photo!.ShotNumber?.ToString(CultureInfo.InvariantCulture) ?? "",
                ["采集时间"] = ChinaTime.Format(r.Student.Photo.CreatedAt, "yyyy-MM-dd HH:mm:ss"), ["审核状态"] = "审核通过", ["驳回次数"] = r.Student.Rejections,
                ["最近驳回原因"] = r.Student.LastReason ?? "", ["报送状态"] = Delivery(r.Student.Photo.Delivery), ["文件名"] = r.Name, ["文件名来源"] = r.From,
                ["宽"] = r.Width, ["高"] = r.Height, ["字节数"] = r.Bytes, ["SHA-256"] = r.Sha256,
            });
        await zip.AddTableAsync("manifest.csv", Manifest(), TableFormat.Csv, ct);
        await zip.AddTableAsync("manifest.xlsx", Manifest(), TableFormat.Xlsx, ct);

        var missing = students.Where(s => s.Missing && s.In(package.Department, package.ClassName)).Select(s => (IDictionary<string, object?>)
            new Dictionary<string, object?>
            {
                ["学号"] = s.Roster is { } r ? personalData.Decrypt(PersonalField.StudentNumber, r.StudentNumberCipher)
                    : s.Enrollment!.Identity.StudentNumber is { } n ? personalData.Decrypt(PersonalField.StudentNumber, n.Cipher) : "",
                ["姓名"] = s.Name, ["院系"] = s.Department ?? "", ["专业"] = s.Major ?? "", ["班级"] = s.ClassName ?? "", ["状态"] = BatchProgress.Describe(s.State),
                ["在名单中"] = s.OnRoster ? "是" : "否",
            }).ToList();
        if (missing.Count == 0) missing.Add(new Dictionary<string, object?> { ["学号"] = null, ["姓名"] = null, ["院系"] = null, ["专业"] = null,
            ["班级"] = null, ["状态"] = null, ["在名单中"] = null });
        await zip.AddTableAsync("not_collected.csv", missing, TableFormat.Csv, ct);

        var readme = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{batch.School!.Name}（{batch.School.Code}） 批次 {batch.FeatureCode} 照片包\r\n")
            .Append(CultureInfo.InvariantCulture, $"生成时间：{ChinaTime.Format(now, "yyyy-MM-dd HH:mm:ss")}（北京时间，UTC+8；文件内时间同此）\r\n")
            .Append(CultureInfo.InvariantCulture, $"范围：{(package.Department ?? "全部院系")} / {(package.ClassName ?? "全部班级")}\r\n")
            .Append(CultureInfo.InvariantCulture, $"照片：{chosen.Count} 张（photos/，以学号命名{(package.Folders ? "，按院系/班级分文件夹" : "")}；480×640 像素 JPEG）\r\n")
            .Append(CultureInfo.InvariantCulture,
                $"未完成采集：{students.Count(s => s.Missing && s.In(package.Department, package.ClassName))} 人（not_collected.csv）\r\n")
            .Append("manifest.csv / manifest.xlsx：每张照片一行（学号、姓名、院系、专业、班级、拍摄号、采集时间、审核与报送状态、文件名、尺寸、SHA-256）\r\n")
            .Append("SHA256SUMS：每个文件的 SHA-256，解压后可用 sha256sum -c SHA256SUMS 校验\r\n")
            .Append("\r\nPhotos named by student number; manifests in CSV (UTF-8 with BOM) and xlsx; times are China time (UTC+8).\r\n");
        await zip.AddTextAsync("README.txt", readme.ToString(), ct);
    }

    private static string Folder(string? name)
    {
        var kept = new string((name ?? "").Where(c => !char.IsControl(c) && c is not ('/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|')).ToArray())
            .Trim().Trim('.');
        return kept.Length == 0 ? "未分班" : kept.Length > 60 ? kept[..60] : kept;
    }

    private static string Type(CollectionType type) => type switch
    {
        CollectionType.Online => "在线上传",
        CollectionType.Onsite => "现场集中采集",
        CollectionType.WalkIn => "散拍",
        _ => "补拍",
    };

    public static string Delivery(DeliveryStatus? status) => status switch
    {
        DeliveryStatus.Queued => "报送中",
        DeliveryStatus.Delivered => "已报送学信网",
        DeliveryStatus.Failed => "报送失败",
        _ => "未报送",
    };
}
