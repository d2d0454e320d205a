using ImageCollection.Core.Delivery;
using ImageCollection.Core.Documents;
using ImageCollection.Core.Domain;
using ImageCollection.Core.PersonalData;
using ImageCollection.Core.Photos;
using ImageCollection.Core.Storage;

namespace ImageCollection.Worker.Delivery;

/// <summary>One photo of a CHSI package, with the facts its manifest row needs.</summary>
public sealed record ChsiItem(Photo Photo, Enrollment Enrollment, string FeatureCode, string ChsiId, ChsiIdSource IdSource);

/// <summary>
/// The agency→CHSI channel (licensed, no public specification). An adapter sends the queued photos of a CHSI
/// package or, as the one shipped, prepares them for staff to upload through the agency's CHSI client.
/// </summary>
public interface IChsiDelivery
{
    Task DeliverAsync(IReadOnlyList<ChsiItem> items, PackageWriter package, Func<int, Task> progressed, CancellationToken ct);
}

/// <summary>
/// The package adapter: the exact 480×640 derivatives (at most 40 KB, the photo standard's file) named by the CHSI
/// student id, a manifest (file, the collection code as received, checksum, batch, when and how the photo was taken,
/// where the name came from) and SHA256SUMS. Staff upload it, then mark it delivered or import CHSI's result list.
/// </summary>
public sealed class ChsiPackageDelivery(IObjectStore store, PersonalDataProtector personalData) : IChsiDelivery
{
    public const int Width = 480, Height = 640, MaxBytes = 40 * 1024;

    public async Task DeliverAsync(IReadOnlyList<ChsiItem> items, PackageWriter package, Func<int, Task> progressed, CancellationToken ct)
    {
        var rows = new List<(ChsiItem Item, string Name, string Sha256, int Bytes)>(items.Count);
        var done = 0;
        await foreach (var (item, bytes) in PhotoFetch.InOrderAsync(store, items, i => i.Photo.NormalisedKey!, ct))
        {
            var header = ImageHeader.Read(bytes.Span);
            if (header.Kind != ImageKind.Jpeg || header.Width != Width || header.Height != Height || bytes.Length > MaxBytes)
                throw new InvalidDataException($"The derivative of photo {item.Photo.Id} is not a {Width}×{Height} JPEG of at most 40 KB.");
            var name = package.Unique($"{item.ChsiId}.jpg");
            rows.Add((item, name, await package.AddAsync(name, bytes, ct), bytes.Length));
            await progressed(++done);
        }
        // The manifest's cells are made row by row as it is written (collection codes decrypted one at a time).
        var manifest = rows.Select(r => (IDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["文件名"] = r.Name,
            ["采集码"] = r.Item.Enrollment.Identity.CollectionCode is { } c ? personalData.Decrypt(PersonalField.CollectionCode, c.Cipher) : "",
            ["标识来源"] = Source(r.Item.IdSource), ["SHA-256"] = r.Sha256, ["字节数"] = r.Bytes, ["批次"] = r.Item.FeatureCode,
            ["采集方式"] = r.Item.Photo.Source == PhotoSource.Onsite ? "现场拍摄" : "在线上传", ["拍摄号"] = r.Item.Photo.Shot?.ShotNumber,
            ["采集时间"] = ChinaTime.Format(r.Item.Photo.CreatedAt, "yyyy-MM-dd HH:mm:ss"),
        });
        await package.AddTableAsync("manifest.csv", manifest, TableFormat.Csv, ct);
    }

    private static string Source(ChsiIdSource source) => source switch
    {
        ChsiIdSource.Chsi => "学信网考生号",
        ChsiIdSource.CodeHash => "采集码哈希（需核对）",
        _ => "报名记录（无采集码，需核对）",
    };
}
