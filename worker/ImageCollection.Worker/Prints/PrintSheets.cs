using ImageCollection.Core.Domain;
using OpenCvSharp;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;

namespace ImageCollection.Worker.Prints;

/// <summary>One student's prints on a sheet: the caption under each print, how many, and the print's JPEG at 300 dpi.</summary>
public sealed record SheetStudent(string Caption, int Copies, byte[] Print);

/// <summary>An envelope or pack label: lines of text.</summary>
public sealed record Label(IReadOnlyList<string> Lines);

/// <summary>
/// 300-dpi print sheets as PDF: 6-inch (152.4 × 101.6 mm) pages, each student's copies on sheets of their own (cut and
/// packed apart), the print exactly its size in millimetres with the JPEG made at 300 dpi for it (one image object per
/// student, however many copies), the caption under it in the embedded CJK font. Labels: A4, 3 × 8.
/// </summary>
public static class PrintSheets
{
    public const string CjkFamily = "ImageCollection CJK", LatinFamily = "ImageCollection Latin";
    private const double MaxCaptionPt = 7;

    /// <summary>The derivative cropped to the print's proportions (from the sides, or top and bottom) and resized to its 300-dpi pixels.</summary>
    public static byte[] PrintJpeg(ReadOnlySpan<byte> derivative, PrintFormat format)
    {
        using var image = Cv2.ImDecode(derivative, ImreadModes.Color);
        if (image.Empty()) throw new InvalidDataException("The stored derivative cannot be decoded.");
        var target = format.WidthMm / format.HeightMm;
        var (w, h) = (image.Width, image.Height);
        var crop = (double)w / h > target
            ? new Rect((w - (int)Math.Round(h * target)) / 2, 0, (int)Math.Round(h * target), h)
            : new Rect(0, (h - (int)Math.Round(w / target)) / 2, w, (int)Math.Round(w / target));
        using var cropped = new Mat(image, crop);
        using var sized = new Mat();
        Cv2.Resize(cropped, sized, new Size(format.WidthPx, format.HeightPx), interpolation: InterpolationFlags.Area);
        return sized.ImEncode(".jpg", [(int)ImwriteFlags.JpegQuality, 95]);
    }

    /// <summary>Writes the sheets into <paramref name="output"/> (a caller's buffer, reused from one parcel to the next).</summary>
    public static void Render(IReadOnlyList<SheetStudent> students, PrintFormat format, Stream output)
    {
        PrintFonts.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Title = "证件照印制 print sheets";
        var sheetW = XUnit.FromMillimeter(PrintFormat.SheetWidthMm).Point;
        var sheetH = XUnit.FromMillimeter(PrintFormat.SheetHeightMm).Point;
        var w = XUnit.FromMillimeter(format.WidthMm).Point;
        var h = XUnit.FromMillimeter(format.HeightMm).Point;
        var gapX = (sheetW - format.Columns * w) / (format.Columns + 1);
        // Each row: the prints, then the caption's band (what the sheet's height leaves: 1.8 mm under 2寸, more for the others).
        var band = (sheetH - format.Rows * h) / format.Rows;
        var fontPt = Math.Min(MaxCaptionPt, band * 0.75);
        var font = new Fonts(fontPt);
        foreach (var student in students)
        {
            using var image = XImage.FromStream(new MemoryStream(student.Print));
            var left = student.Copies;
            while (left > 0)
            {
                var page = document.AddPage();
                page.Width = XUnit.FromPoint(sheetW);
                page.Height = XUnit.FromPoint(sheetH);
                using var gfx = XGraphics.FromPdfPage(page);
                for (var cell = 0; cell < format.PerSheet && left > 0; cell++, left--)
                {
                    var x = gapX + cell % format.Columns * (w + gapX);
                    var y = cell / format.Columns * (h + band);
                    gfx.DrawImage(image, x, y, w, h);
                    font.Draw(gfx, student.Caption, new XRect(x, y + h, w, band), centred: true);
                }
            }
        }
        document.Save(output, false);
    }

    /// <summary>Labels for envelopes and packs, 70 × 37 mm, 3 × 8 on A4.</summary>
    public static byte[] Labels(IReadOnlyList<Label> labels)
    {
        PrintFonts.EnsureRegistered();
        using var document = new PdfDocument();
        document.Info.Title = "信封标签 labels";
        var w = XUnit.FromMillimeter(70).Point;
        var h = XUnit.FromMillimeter(37).Point;
        var pad = XUnit.FromMillimeter(4).Point;
        var big = new Fonts(11);
        var small = new Fonts(8);
        for (var start = 0; start < Math.Max(1, labels.Count); start += 24)
        {
            var page = document.AddPage();
            page.Width = XUnit.FromMillimeter(210);
            page.Height = XUnit.FromMillimeter(297);
            using var gfx = XGraphics.FromPdfPage(page);
            var top = (page.Height.Point - 8 * h) / 2;
            foreach (var (label, i) in labels.Skip(start).Take(24).Select((l, i) => (l, i)))
            {
                var (x, y) = (i % 3 * w, top + i / 3 * h);
                for (var line = 0; line < label.Lines.Count; line++)
                    (line == 0 ? big : small).Draw(gfx, label.Lines[line], new XRect(x + pad, y + pad + line * 14, w - 2 * pad, 14), centred: false);
            }
        }
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }
}

/// <summary>
/// Text in two fonts: CJK fonts that Debian ships as single TrueType files (Droid Sans Fallback) have no Latin digits, and
/// student numbers are digits. Each run of characters is set in the font that has them, Latin in DejaVu Sans.
/// </summary>
internal sealed class Fonts(double size)
{
    private readonly XFont _latin = new(PrintSheets.LatinFamily, size, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
    private readonly XFont _cjk = new(PrintSheets.CjkFamily, size, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));

    private static bool IsLatin(char c) => c < 0x2E80; // below the CJK radicals: Latin, digits, punctuation, Greek, Cyrillic

    public void Draw(XGraphics gfx, string text, XRect rect, bool centred)
    {
        var runs = new List<(string Text, XFont Font)>();
        foreach (var c in text)
        {
            var font = IsLatin(c) ? _latin : _cjk;
            if (runs.Count > 0 && runs[^1].Font == font) runs[^1] = (runs[^1].Text + c, font);
            else runs.Add((c.ToString(), font));
        }
        var widths = runs.Select(r => gfx.MeasureString(r.Text, r.Font).Width).ToList();
        var x = centred ? rect.X + (rect.Width - widths.Sum()) / 2 : rect.X;
        for (var i = 0; i < runs.Count; i++)
        {
            gfx.DrawString(runs[i].Text, runs[i].Font, XBrushes.Black, new XRect(x, rect.Y, widths[i], rect.Height),
                centred ? XStringFormats.Center : XStringFormats.TopLeft);
            x += widths[i];
        }
    }
}

/// <summary>The fonts of prints and labels (<c>Delivery:PrintFontPath</c>), for PDFsharp, whose resolver is process-wide.</summary>
public sealed class PrintFonts : IFontResolver
{
    private static readonly object Gate = new();
    private static (string Cjk, string Latin) _paths = ("", "");
    private static Dictionary<string, byte[]>? _faces;

    /// <summary>Set by the worker at start from its configuration; the fonts are read at the first print.</summary>
    public static void Configure(string cjkPath, string latinPath)
    {
        lock (Gate) (_paths, _faces) = ((cjkPath, latinPath), null);
    }

    public static void EnsureRegistered()
    {
        lock (Gate)
        {
            if (_faces is null)
            {
                foreach (var (path, key) in new[] { (_paths.Cjk, "PrintFontPath"), (_paths.Latin, "PrintLatinFontPath") })
                    if (!File.Exists(path))
                        throw new FileNotFoundException($"The print font {path} (Delivery:{key}) is missing: install fonts-droid-fallback and "
                            + "fonts-dejavu-core, "
                            + "or configure other TrueType fonts.");
                _faces = new Dictionary<string, byte[]>
                {
                    [PrintSheets.CjkFamily] = File.ReadAllBytes(_paths.Cjk), [PrintSheets.LatinFamily] = File.ReadAllBytes(_paths.Latin),
                };
            }
            if (GlobalFontSettings.FontResolver is not PrintFonts) GlobalFontSettings.FontResolver = new PrintFonts();
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool isBold, bool isItalic) =>
        new(familyName == PrintSheets.LatinFamily ? PrintSheets.LatinFamily : PrintSheets.CjkFamily);

    public byte[]? GetFont(string faceName) => _faces?.GetValueOrDefault(faceName);
}
