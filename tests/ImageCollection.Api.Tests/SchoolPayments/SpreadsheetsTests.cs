using System.Text;
using ImageCollection.Api.Hosting;
using ImageCollection.Core.Documents;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ImageCollection.Api.Tests.SchoolPayments;

public sealed class SpreadsheetsTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tx", "'\tx")]
    [InlineData("数学2101", "数学2101")]
    [InlineData("15.00", "15.00")]
    [InlineData("", "")]
    public void Typed_text_a_spreadsheet_would_run_is_written_as_text(string typed, string written) => Assert.Equal(written, Tables.Cell(typed));

    [Fact]
    public async Task A_csv_download_is_utf8_with_a_bom_and_crlf_and_keeps_formulas_out()
    {
        var result = await Spreadsheets.FileAsync([new Dictionary<string, object?> { ["班级"] = "=1+1", ["人数"] = 3 }], "csv", "t", CancellationToken.None);
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        var body = new MemoryStream();
        http.Response.Body = body;
        await result.ExecuteAsync(http);
        var text = Encoding.UTF8.GetString(body.ToArray());
        Assert.Equal("text/csv; charset=utf-8", http.Response.ContentType);
        Assert.StartsWith("\uFEFF班级,人数\r\n", text);
        Assert.Contains("'=1+1", text);
    }
}
