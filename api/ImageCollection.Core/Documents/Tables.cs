using System.Globalization;
using ImageCollection.Core.Domain;
using MiniExcelLibs;

namespace ImageCollection.Core.Documents;

public enum TableFormat { Csv, Xlsx }

/// <summary>
/// Tables staff download or find in packages (statements, settlements, progress, manifests): CSV as Excel in China
/// opens it (UTF-8 with BOM, CRLF) or xlsx (MiniExcel); values are strings where they are text (student numbers keep
/// their leading zeros), and typed text a spreadsheet would run as a formula is written as text.
/// </summary>
public static class Tables
{
    public const string CsvContentType = "text/csv; charset=utf-8";
    public const string XlsxContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static string ContentType(TableFormat format) => format == TableFormat.Csv ? CsvContentType : XlsxContentType;

    public static string Extension(TableFormat format) => format == TableFormat.Csv ? "csv" : "xlsx";

    /// <summary>Writes the rows (one dictionary a row, the keys are the headers) to a stream MiniExcel may seek in (xlsx needs it).</summary>
    public static Task WriteAsync(Stream destination, IEnumerable<IDictionary<string, object?>> rows, TableFormat format, CancellationToken ct) =>
        destination.SaveAsAsync(rows.Select(Safe), excelType: format == TableFormat.Csv ? ExcelType.CSV : ExcelType.XLSX,
            cancellationToken: ct);

    private static IDictionary<string, object?> Safe(IDictionary<string, object?> row) =>
        row.ToDictionary(c => c.Key, c => c.Value is string text ? Cell(text) : c.Value);

    /// <summary>
    /// Text a student or staff member typed (a class name, a department) that a spreadsheet would run as a formula
    /// (<c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab, CR) is written with a leading apostrophe: shown as typed, never run.
    /// </summary>
    public static string Cell(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + text : text;

    /// <summary>Fen as yuan with two decimals, as statements print money.</summary>
    public static string Yuan(long fen) => (fen / 100m).ToString("0.00", CultureInfo.InvariantCulture);
}

/// <summary>One data row of an imported table: its row number in the file (the header is row 1) and its cells by header.</summary>
public sealed record TableRow(int Number, IReadOnlyDictionary<string, string> Cells)
{
    /// <summary>The first of the headers (Chinese or English) that has a value, trimmed; empty when none has.</summary>
    public string Get(params string[] headers) =>
        headers.Select(h => Cells.TryGetValue(TableReader.Header(h), out var v) ? v.Trim() : "").FirstOrDefault(v => v.Length > 0) ?? "";
}

/// <summary>A problem with one row of an imported table (the file is refused whole).</summary>
public sealed record RowError(int Row, string Column, string Message);

public static class TableReader
{
    public const int MaxRows = 100_000;

    /// <summary>
    /// The rows of an uploaded CSV or xlsx file (first row: the headers; headers compared without case or spaces).
    /// Empty rows are skipped. Refused: a file MiniExcel cannot read, or more than <see cref="MaxRows"/> rows.
    /// </summary>
    public static async Task<List<TableRow>> ReadAsync(Stream file, TableFormat format, CancellationToken ct)
    {
        var rows = new List<TableRow>();
        IEnumerable<dynamic> query;
        try
        {
            query = await file.QueryAsync(useHeaderRow: true, excelType: format == TableFormat.Csv ? ExcelType.CSV : ExcelType.XLSX, cancellationToken: ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DomainException(DomainErrorKind.Unprocessable, "table.unreadable", $"The file cannot be read as {Tables.Extension(format)}.");
        }
        var number = 1;
        try
        {
            foreach (IDictionary<string, object?> row in query)
            {
                number++;
                var cells = row.Where(c => c.Value is not null && Convert.ToString(c.Value, CultureInfo.InvariantCulture)!.Trim().Length > 0)
                    .ToDictionary(c => Header(c.Key), c => Convert.ToString(c.Value, CultureInfo.InvariantCulture)!.Trim());
                if (cells.Count == 0) continue;
                if (rows.Count == MaxRows)
                    throw new DomainException(DomainErrorKind.Unprocessable, "table.too_long", $"At most {MaxRows} rows in one file.");
                rows.Add(new TableRow(number, cells));
            }
        }
        catch (Exception e) when (e is not (OperationCanceledException or DomainException))
        {
            throw new DomainException(DomainErrorKind.Unprocessable, "table.unreadable", $"Row {number} of the file cannot be read.");
        }
        return rows;
    }

    public static string Header(string header) => new string(header.Where(c => !char.IsWhiteSpace(c) && c != '\uFEFF').ToArray()).ToLowerInvariant();
}
