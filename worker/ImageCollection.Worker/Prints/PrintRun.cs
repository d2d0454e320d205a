using System.Globalization;
using System.Text;
using ImageCollection.Core.Data;
using ImageCollection.Core.Documents;
using ImageCollection.Core.Domain;
using ImageCollection.Core.PersonalData;
using ImageCollection.Core.Storage;
using ImageCollection.Worker.Delivery;
using Microsoft.EntityFrameworkCore;

namespace ImageCollection.Worker.Prints;

/// <summary>
/// Renders a planned print run into its package: <c>sheets/{parcel reference}.pdf</c> per parcel or class pack (each
/// student's prints from the stored 480×640 derivative, never the original), <c>pick-list.csv</c> and <c>.xlsx</c> (which
/// student's copies go into which parcel or pack), <c>labels.pdf</c> for the envelopes of class packs and the packs
/// themselves, <c>README.txt</c>. Phones and addresses are not in it: the courier export is the one place they are.
/// Progress counts sheets. One parcel is in memory at a time.
/// </summary>
public sealed class PrintRun(AppDbContext db, IObjectStore store, PersonalDataProtector personalData)
{
    public static readonly string[] PickListColumns = ["包裹号", "类型", "院系", "班级", "收件人", "学号", "姓名", "规格", "张数", "版数", "文件", "页码"];

    private sealed record Student(Enrollment Enrollment, string? Number, string Name, int Copies, string PhotoKey);

    public async Task WriteAsync(PackageJob run, Batch batch, PackageWriter zip, Func<int, Task> progressed, CancellationToken ct)
    {
        var offer = batch.Prints ?? throw new InvalidOperationException($"Batch {batch.Id} sells no prints any more.");
        var format = offer.Format;
        var parcels = await db.Parcels.AsNoTracking().Where(p => p.RunId == run.Id).OrderBy(p => p.Reference).ToListAsync(ct);
        var items = await db.PrintItems.AsNoTracking().Where(i => i.RunId == run.Id).ToListAsync(ct);
        var ids = items.Select(i => i.EnrollmentId).Distinct().ToList();
        var enrollments = await db.Enrollments.AsNoTracking().Where(e => ids.Contains(e.Id)).ToDictionaryAsync(e => e.Id, ct);
        var photos = (await db.Photos.AsNoTracking().Where(p => ids.Contains(p.EnrollmentId) && p.Status == PhotoStatus.Approved && p.NormalisedKey != null)
            .Select(p => new { p.EnrollmentId, p.NormalisedKey, p.CreatedAt }).ToListAsync(ct))
            .GroupBy(p => p.EnrollmentId).ToDictionary(g => g.Key, g => g.MaxBy(p => p.CreatedAt)!.NormalisedKey!);

        var pick = new List<IDictionary<string, object?>>();
        var labels = new List<Label>();
        var sheets = 0;
        // One buffer for every parcel's PDF and one for every derivative: a new large buffer per parcel would leave the
        // large-object heap fragmented, which the GC rarely compacts (the worker's RSS grew by it).
        using var pdf = new MemoryStream();
        using var derivative = new MemoryStream(64 * 1024);
        foreach (var parcel in parcels)
        {
            var students = items.Where(i => i.ParcelId == parcel.Id).GroupBy(i => i.EnrollmentId)
                .Select(g => Describe(enrollments[g.Key], g.Sum(i => i.Copies), photos.GetValueOrDefault(g.Key)
                    ?? throw new InvalidOperationException($"Enrollment {g.Key} has no approved photo to print any more.")))
                .OrderBy(s => s.Number, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
            var rendered = new List<SheetStudent>(students.Count);
            var file = $"sheets/{parcel.Reference}.pdf";
            var page = 1;
            foreach (var s in students)
            {
                derivative.SetLength(0);
                await store.GetAsync(s.PhotoKey, derivative, ct);
                var identity = s.Enrollment.Identity;
                rendered.Add(new SheetStudent(offer.CaptionFor(s.Number, s.Name, identity.ClassName, identity.Major), s.Copies,
                    PrintSheets.PrintJpeg(derivative.GetBuffer().AsSpan(0, (int)derivative.Length), format)));
                var studentSheets = format.SheetsFor(s.Copies);
                pick.Add(new Dictionary<string, object?>
                {
                    ["包裹号"] = parcel.Reference, ["类型"] = parcel.Kind == ParcelKind.Post ? "邮寄" : "班级包", ["院系"] = parcel.Department ?? identity.Major ?? "",
                    ["班级"] = parcel.ClassName ?? identity.ClassName ?? "", ["收件人"] = parcel.Recipient is { } r ? Mask.Name(r.RecipientName) : "",
                    ["学号"] = s.Number ?? "", ["姓名"] = s.Name, ["规格"] = format.Label, ["张数"] = s.Copies, ["版数"] = studentSheets, ["文件"] = file,
                    ["页码"] = studentSheets == 1 ? page.ToString(CultureInfo.InvariantCulture) : $"{page}-{page + studentSheets - 1}",
                });
                page += studentSheets;
                if (parcel.Kind == ParcelKind.ClassPack)
                    labels.Add(new Label([$"{s.Number} {s.Name}", $"{parcel.Department} {parcel.ClassName}",
                        $"{PrintOffer.Contents(format, s.Copies)}  {parcel.Reference}"]));
            }
            if (parcel.Kind == ParcelKind.ClassPack)
                labels.Add(new Label([$"班级包 {parcel.Reference}", $"{parcel.Department} {parcel.ClassName}", parcel.Contents]));
            pdf.SetLength(0);
            PrintSheets.Render(rendered, format, pdf);
            await zip.AddAsync(file, pdf.GetBuffer().AsMemory(0, (int)pdf.Length), ct);
            sheets += page - 1;
            await progressed(sheets);
        }
        await zip.AddTableAsync("pick-list.csv", pick, TableFormat.Csv, ct);
        await zip.AddTableAsync("pick-list.xlsx", pick, TableFormat.Xlsx, ct);
        if (labels.Count > 0) await zip.AddAsync("labels.pdf", PrintSheets.Labels(labels), ct);
        await zip.AddTextAsync("README.txt", Readme(batch, offer, parcels.Count, sheets), ct);
    }

    private Student Describe(Enrollment e, int copies, string photoKey) =>
        new(e, e.Identity.StudentNumber is { } n ? personalData.Decrypt(PersonalField.StudentNumber, n.Cipher) : null, e.Identity.Name, copies, photoKey);

    private static string Readme(Batch batch, PrintOffer offer, int parcels, int sheets)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"批次 {batch.FeatureCode} 纸质照片印制 / print run of batch {batch.FeatureCode}");
        var f = offer.Format;
        text.AppendLine(CultureInfo.InvariantCulture, $"规格 {f.Label} {f.WidthMm}×{f.HeightMm} mm，每版 {f.PerSheet} 张，6 寸相纸（152.4×101.6 mm），300 dpi。");
        text.AppendLine("按实际尺寸打印（不缩放）。");
        text.AppendLine(CultureInfo.InvariantCulture, $"{(offer.Delivery == PrintDelivery.Post ? "邮寄包裹" : "班级包")} {parcels} 个，共 {sheets} 版。");
        text.AppendLine("sheets/：每个包裹或班级包一个 PDF；pick-list：每位学生的照片放入哪个包裹（页码对应 PDF）；labels.pdf：信封与班级包标签。");
        text.AppendLine("Print at 100 % (no scaling): each print is its size in millimetres at 300 dpi. SHA256SUMS lists every file.");
        return text.ToString();
    }
}
