using ImageCollection.Core.Domain;
using MiniExcelLibs;

namespace ImageCollection.Api.Hosting;

/// <summary>
/// Tables staff download (statements, settlements): <c>csv</c> (UTF-8 with BOM and CRLF, as Excel in China opens it)
/// or <c>xlsx</c> (MiniExcel); text columns stay text (student numbers keep their leading zeros).
/// </summary>
public static class Spreadsheets
{
    public static bool IsDownload(string? format) => format is "csv" or "xlsx";

    public static void EnsureFormat(string? format)
    {
        if (format is not (null or "json" or "csv" or "xlsx"))
            throw RequestValidationException.For("format", "One of: json, csv, xlsx.");
    }

    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>The route answers <typeparamref name="T"/> as JSON, or the table as CSV or xlsx (<c>format=</c>); 400 for another format.</summary>
    public static RouteHandlerBuilder ProducesTable<T>(this RouteHandlerBuilder route) =>
        route.Produces<T>(StatusCodes.Status200OK, "application/json", "text/csv", Xlsx).ProducesProblem(StatusCodes.Status400BadRequest);

    public static async Task<IResult> FileAsync(IEnumerable<IDictionary<string, object?>> rows, string format, string name, CancellationToken ct)
    {
        var stream = new MemoryStream();
        var safe = rows.Select(r => (IDictionary<string, object?>)r.ToDictionary(c => c.Key, c => c.Value is string text ? Cell(text) : c.Value)).ToList();
        await stream.SaveAsAsync(safe, excelType: format == "csv" ? ExcelType.CSV : ExcelType.XLSX, cancellationToken: ct);
        stream.Position = 0;
        return Results.File(stream, format == "csv" ? "text/csv; charset=utf-8" : Xlsx, $"{name}.{format}");
    }

    /// <summary>
    /// Text a student or staff member typed (a class name, a department) that a spreadsheet would run as a formula
    /// (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab, CR) is written with a leading apostrophe: shown as typed, never run.
    /// </summary>
    public static string Cell(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>Fen as yuan with two decimals, as statements print money.</summary>
    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
}
