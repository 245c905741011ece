using Faaswise.LocalFaas.Builtins;

namespace Faaswise.LocalFaas.Tests.Builtins;

public class FigletTests
{
    [Fact]
    public void Render_HelloWorld_MatchesFigletFullWidth()
    {
        // figlet -W "Hello, World" (FIGlet 2.2.5, standard.flf), trailing spaces included
        const string expected =
            "  _   _          _   _                __        __                 _       _ \n" +
            " | | | |   ___  | | | |   ___         \\ \\      / /   ___    _ __  | |   __| |\n" +
            " | |_| |  / _ \\ | | | |  / _ \\         \\ \\ /\\ / /   / _ \\  | '__| | |  / _` |\n" +
            " |  _  | |  __/ | | | | | (_) |  _      \\ V  V /   | (_) | | |    | | | (_| |\n" +
            " |_| |_|  \\___| |_| |_|  \\___/  ( )      \\_/\\_/     \\___/  |_|    |_|  \\__,_|\n" +
            "                                |/                                           \n";
        Assert.Equal(expected, new FigletRenderer(FigletFont.Standard).Render("Hello, World"));
    }

    [Fact]
    public void Standard_HasAsciiAndLatin1Glyphs()
    {
        Assert.Equal(6, FigletFont.Standard.Height);
        for (var c = 32; c <= 126; c++) Assert.NotNull(FigletFont.Standard.Glyph(c));
        Assert.NotNull(FigletFont.Standard.Glyph('ä'));
    }

    [Fact]
    public void Render_LongText_WrapsAtWidth()
    {
        var text = new FigletRenderer(FigletFont.Standard, 40).Render(new string('W', 20));
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, l => Assert.True(l.Length <= 40, $"{l.Length} columns: {l}"));
        Assert.True(lines.Length > 6);
    }

    [Fact]
    public void Parse_NotAFont_NamesTheLine()
    {
        var e = Assert.Throws<FormatException>(() => FigletFont.Parse(new StringReader("hello\n"), "x.flf"));
        Assert.StartsWith("x.flf:1:", e.Message, StringComparison.Ordinal);
    }
}
