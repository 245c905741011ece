using System.Globalization;

namespace Faaswise.LocalFaas.Builtins;

/// <summary>
/// A FIGlet font (<c>.flf</c>, "flf2a" format): a header, comment lines, then the glyphs of ASCII 32-126 and any
/// code-tagged ones, each <see cref="Height"/> lines ending in an end mark.
/// </summary>
public sealed class FigletFont
{
    private readonly Dictionary<int, string[]> _glyphs;

    private FigletFont(int height, char hardBlank, Dictionary<int, string[]> glyphs)
    {
        Height = height;
        HardBlank = hardBlank;
        _glyphs = glyphs;
    }

    /// <summary>Lines per glyph.</summary>
    public int Height { get; }

    /// <summary>The character that prints as a space but keeps glyphs apart.</summary>
    public char HardBlank { get; }

    /// <summary>FIGlet's "Standard" font, shipped with the tool.</summary>
    public static FigletFont Standard { get; } = LoadStandard();

    /// <summary>The glyph for a code point, or null when the font lacks it.</summary>
    public IReadOnlyList<string>? Glyph(int codePoint) => _glyphs.TryGetValue(codePoint, out var g) ? g : null;

    /// <summary>Parses a font; errors name the line.</summary>
    public static FigletFont Parse(TextReader reader, string source)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lineNumber = 1;
        var header = reader.ReadLine() ?? throw new FormatException($"{source}: empty font file");
        var fields = header.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 6 || !fields[0].StartsWith("flf2a", StringComparison.Ordinal) || fields[0].Length < 6)
        {
            throw new FormatException($"{source}:1: not a FIGlet font header");
        }

        var hardBlank = fields[0][5];
        var height = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var comments = int.Parse(fields[5], CultureInfo.InvariantCulture);
        for (var i = 0; i < comments; i++, lineNumber++) reader.ReadLine();

        var glyphs = new Dictionary<int, string[]>();
        string[]? ReadGlyph()
        {
            var rows = new string[height];
            for (var r = 0; r < height; r++)
            {
                var line = reader.ReadLine();
                lineNumber++;
                if (line is null) return r == 0 ? null : throw new FormatException($"{source}:{lineNumber}: glyph cut short");
                rows[r] = StripEndMark(line);
            }

            return rows;
        }

        for (var code = 32; code <= 126; code++)
        {
            glyphs[code] = ReadGlyph() ?? throw new FormatException($"{source}:{lineNumber}: missing the glyph of ASCII {code}");
        }

        foreach (var code in (int[])[196, 214, 220, 228, 246, 252, 223])
        {
            if (ReadGlyph() is not { } g) return new FigletFont(height, hardBlank, glyphs);
            glyphs[code] = g;
        }

        while (reader.ReadLine() is { } tag)
        {
            lineNumber++;
            var token = tag.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            if (token is null || ReadGlyph() is not { } glyph) break;
            if (TryParseCode(token, out var code) && code >= 0) glyphs[code] = glyph;
        }

        return new FigletFont(height, hardBlank, glyphs);
    }

    private static string StripEndMark(string line)
    {
        if (line.Length == 0) return line;
        var mark = line[^1];
        var end = line.Length;
        while (end > 0 && line[end - 1] == mark) end--;
        return line[..end];
    }

    private static bool TryParseCode(string token, out int code)
    {
        if (token.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            return int.TryParse(token.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out code);
        }

        if (token.Length > 1 && token[0] == '0')
        {
            try
            {
                code = Convert.ToInt32(token, 8);
                return true;
            }
            catch (FormatException)
            {
                code = 0;
                return false;
            }
        }

        return int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out code);
    }

    private static FigletFont LoadStandard()
    {
        using var stream = typeof(FigletFont).Assembly.GetManifestResourceStream("Faaswise.LocalFaas.standard.flf")
            ?? throw new InvalidOperationException("the standard FIGlet font is missing from the assembly");
        using var reader = new StreamReader(stream);
        return Parse(reader, "standard.flf");
    }
}
