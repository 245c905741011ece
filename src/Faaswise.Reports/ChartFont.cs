namespace Faaswise.Reports;

/// <summary>
/// The font every figure uses: DejaVu Sans, shipped beside the binaries (Fonts/), so a figure keeps its text where
/// the system has no fonts (slim containers, CI runners); the system's fonts are not consulted.
/// </summary>
public static class ChartFont
{
    /// <summary>The family name figures are drawn in.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<string> Registered = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Fonts", "DejaVuSans.ttf");
        if (!File.Exists(path)) throw new FileNotFoundException($"the figure font is missing: {path} (it ships with faaswise; reinstall or rebuild)", path);
        ScottPlot.Fonts.AddFontFile(Family, path, bold: false, italic: false);
        ScottPlot.Fonts.AddFontFile(Family, path, bold: true, italic: false);
        ScottPlot.Fonts.Default = Family;
        return path;
    });

    /// <summary>Registers the shipped font as ScottPlot's default (once); returns its file.</summary>
    public static string Ensure() => Registered.Value;
}
