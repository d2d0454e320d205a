using ImageCollection.Core.Documents;
using ImageCollection.Core.Domain;

namespace ImageCollection.Api.Hosting;

/// <summary>Downloads of tables (<see cref="Tables"/>): <c>format=csv|xlsx</c> on a route that otherwise answers JSON.</summary>
public static class Spreadsheets
{
    public const string Xlsx = Tables.XlsxContentType;

    public static bool IsDownload(string? format) => format is "csv" or "xlsx";

    public static void EnsureFormat(string? format)
    {
        if (format is not (null or "json" or "csv" or "xlsx"))
            throw RequestValidationException.For("format", "One of: json, csv, xlsx.");
    }

    /// <summary>The route answers <typeparamref name="T"/> as JSON, or the table as CSV or xlsx (<c>format=</c>); 400 for another format.</summary>
    public static RouteHandlerBuilder ProducesTable<T>(this RouteHandlerBuilder route) =>
        route.Produces<T>(StatusCodes.Status200OK, "application/json", "text/csv", Xlsx).ProducesProblem(StatusCodes.Status400BadRequest);

    public static async Task<IResult> FileAsync(IEnumerable<IDictionary<string, object?>> rows, string format, string name, CancellationToken ct)
    {
        var table = format == "csv" ? TableFormat.Csv : TableFormat.Xlsx;
        var stream = new MemoryStream();
        await Tables.WriteAsync(stream, rows, table, ct);
        stream.Position = 0;
        return Results.File(stream, Tables.ContentType(table), $"{name}.{Tables.Extension(table)}");
    }

    public static string Yuan(long fen) => Tables.Yuan(fen);
}
