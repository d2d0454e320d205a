namespace ImageCollection.Core.Domain;

/// <summary>版式: the print size, and how many fit on one 6-inch (4R, 152.4 × 101.6 mm) sheet.</summary>
public enum PrintLayout { TwoInch, OneInch, SmallTwoInch }

/// <summary>How the prints reach students: in class packs handed to the school, or posted to each student.</summary>
public enum PrintDelivery { School, Post }

/// <summary>A print size on the sheet: millimetres, the grid, and the pixels of one print at 300 dpi.</summary>
public sealed record PrintFormat(PrintLayout Layout, string Label, double WidthMm, double HeightMm, int Columns, int Rows)
{
    public const double SheetWidthMm = 152.4;
    public const double SheetHeightMm = 101.6;
    public const int Dpi = 300;

    public int PerSheet => Columns * Rows;
    public int WidthPx => (int)Math.Round(WidthMm / 25.4 * Dpi);
    public int HeightPx => (int)Math.Round(HeightMm / 25.4 * Dpi);

    /// <summary>Sheets one student's copies take (a student's prints never share a sheet with another's: each is cut and packed apart).</summary>
    public int SheetsFor(int copies) => (copies + PerSheet - 1) / PerSheet;

    public static readonly IReadOnlyDictionary<PrintLayout, PrintFormat> All = new Dictionary<PrintLayout, PrintFormat>
    {
        [PrintLayout.TwoInch] = new(PrintLayout.TwoInch, "2寸", 35, 49, 4, 2),
        [PrintLayout.OneInch] = new(PrintLayout.OneInch, "1寸", 25, 35, 5, 2),
        [PrintLayout.SmallTwoInch] = new(PrintLayout.SmallTwoInch, "小2寸", 33, 48, 4, 2),
    };
}

/// <summary>
/// What a batch sells on paper with the collection: the layout, copies per student, the caption printed under each
/// print (tokens <c>{studentNumber}</c>, <c>{name}</c>, <c>{class}</c>, <c>{department}</c>), the delivery mode, and the
/// fee of one extra copy (加洗; none: no reprints).
/// </summary>
public sealed record PrintOffer(PrintLayout Layout, int Copies, string Caption, PrintDelivery Delivery, long? ReprintFeeFen)
{
    public const string DefaultCaption = "{studentNumber} {name}";
    public static readonly IReadOnlyList<string> CaptionTokens = ["{studentNumber}", "{name}", "{class}", "{department}"];

    public PrintFormat Format => PrintFormat.All[Layout];

    /// <summary>The caption of one student's prints.</summary>
    public string CaptionFor(string? studentNumber, string name, string? className, string? department) =>
        Caption.Replace("{studentNumber}", studentNumber ?? "").Replace("{name}", name).Replace("{class}", className ?? "")
            .Replace("{department}", department ?? "").Trim();

    /// <summary>What a parcel or an envelope holds, as the courier's contents column and the pick list say it.</summary>
    public static string Contents(PrintFormat format, int copies) => $"证件照 {format.Label} ×{copies}";
}
