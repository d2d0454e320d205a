using ImageCollection.Core.Documents;
using ImageCollection.Core.Domain;
using Microsoft.Net.Http.Headers;

namespace ImageCollection.Api.Hosting;

/// <summary>
/// A table staff upload (a roster, CHSI's result list): a multipart form file, or the file as the body (text/csv or
/// xlsx). At most 10 MB; read into memory (xlsx needs seeking), never to disk.
/// </summary>
public static class UploadedTables
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public static readonly string[] ContentTypes = ["multipart/form-data", "text/csv", Tables.XlsxContentType];

    public static RouteHandlerBuilder AcceptsTable(this RouteHandlerBuilder route) =>
        route.Accepts<IFormFile>(ContentTypes[0], ContentTypes[1..]).ProducesProblem(413).ProducesProblem(415).ProducesProblem(422);

    public static async Task<List<TableRow>> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBytes) throw TooLarge();
        var (body, format) = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && type.MediaType.Equals("multipart/form-data",
            StringComparison.OrdinalIgnoreCase)
            ? await FromFormAsync(request, ct)
            : (await CopyAsync(request.Body, ct), FormatOf(type?.MediaType.Value, null));
        using (body)
            return await TableReader.ReadAsync(body, format, ct);
    }

    private static async Task<(MemoryStream, TableFormat)> FromFormAsync(HttpRequest request, CancellationToken ct)
    {
        IFormCollection form;
        try { form = await request.ReadFormAsync(ct); }
        catch (InvalidDataException) { throw RequestValidationException.For("file", "The form cannot be read."); }
        var file = form.Files.FirstOrDefault() ?? throw RequestValidationException.For("file", "Attach the file (CSV or xlsx).");
        if (file.Length > MaxBytes) throw TooLarge();
        await using var stream = file.OpenReadStream();
        return (await CopyAsync(stream, ct), FormatOf(file.ContentType, file.FileName));
    }

    private static TableFormat FormatOf(string? contentType, string? fileName)
    {
        var ext = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (ext == ".xlsx" || string.Equals(contentType, Tables.XlsxContentType, StringComparison.OrdinalIgnoreCase)) return TableFormat.Xlsx;
        if (ext == ".csv" || contentType?.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) == true) return TableFormat.Csv;
        throw new DomainException(DomainErrorKind.UnsupportedMediaType, "table.unsupported_type", "Upload a CSV (text/csv) or xlsx file.");
    }

    private static async Task<MemoryStream> CopyAsync(Stream source, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }
        buffer.Position = 0;
        return buffer;
    }

    private static DomainException TooLarge() =>
        new(DomainErrorKind.TooLarge, "table.too_large", $"At most {MaxBytes / 1024 / 1024} MB per file.");
}
