using System.Text;

namespace Faaswise.LocalFaas.Builtins;

/// <summary>
/// Renders text as FIGlet does with <c>-W</c> (full width: glyphs side by side, no smushing), breaking rows
/// before they pass <see cref="Width"/> columns. Characters the font lacks are skipped.
/// </summary>
public sealed class FigletRenderer(FigletFont font, int width = FigletRenderer.DefaultWidth)
{
    /// <summary>FIGlet's default output width.</summary>
    public const int DefaultWidth = 80;

    /// <summary>Most columns in one output row.</summary>
    public int Width { get; } = width > 0 ? width : throw new ArgumentOutOfRangeException(nameof(width), "width must be > 0");

    /// <summary>The banner, one block of <see cref="FigletFont.Height"/> lines per input line or wrap.</summary>
    public string Render(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new StringBuilder();
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var rows = NewRows();
            var columns = 0;
            foreach (var rune in line.EnumerateRunes())
            {
                if (font.Glyph(rune.Value) is not { } glyph) continue;
                var glyphWidth = glyph.Max(g => g.Length);
                if (columns > 0 && columns + glyphWidth > Width)
                {
                    Flush(rows, output);
                    rows = NewRows();
                    columns = 0;
                }

                for (var r = 0; r < font.Height; r++) rows[r].Append(glyph[r].PadRight(glyphWidth));
                columns += glyphWidth;
            }

            Flush(rows, output);
        }

        return output.ToString();
    }

    private StringBuilder[] NewRows() => Enumerable.Range(0, font.Height).Select(_ => new StringBuilder()).ToArray();

    private void Flush(StringBuilder[] rows, StringBuilder output)
    {
        foreach (var row in rows)
        {
            output.Append(row.Replace(font.HardBlank, ' ')).Append('\n');
        }
    }
}
