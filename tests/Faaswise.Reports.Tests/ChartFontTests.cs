using Faaswise.Testing;

namespace Faaswise.Reports.Tests;

public class ChartFontTests
{
    [Fact]
    public void Figures_are_drawn_in_the_shipped_font_and_their_text_reaches_the_pixels()
    {
        using var dir = new TempDirectory();
        var series = new[] { new LineSeries("load", [1.0, 2, 3], [2.0, 4, 3]) };
        var titled = Path.Combine(dir.Path, "titled.png");
        var bare = Path.Combine(dir.Path, "bare.png");

        new LineChart("A title with text", "offered load (requests/s)", "CPU (% of one core)", series).SavePng(titled, 400, 300);
        new LineChart("", "", "", series).SavePng(bare, 400, 300);

        Assert.Equal(ChartFont.Family, ScottPlot.Fonts.Default);
        Assert.True(File.Exists(ChartFont.Ensure()));
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(ChartFont.Ensure())!, "LICENSE-DejaVu.txt")));
        Assert.NotEqual(File.ReadAllBytes(bare), File.ReadAllBytes(titled));
    }
}
