using System.Text;

namespace Faaswise.LocalFaas.Watchdog;

/// <summary>Splits an <c>fprocess</c> string into program and arguments: whitespace separates, quotes group, no shell.</summary>
public static class CommandLineSplitter
{
    /// <summary>The words of <paramref name="command"/>; throws <see cref="FormatException"/> on an unclosed quote or nothing to run.</summary>
    public static IReadOnlyList<string> Split(string command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var words = new List<string>();
        var current = new StringBuilder();
        var inWord = false;
        char? quote = null;
        foreach (var c in command)
        {
            if (quote is { } q)
            {
                if (c == q) quote = null;
                else current.Append(c);
            }
            else if (c is '"' or '\'')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(current.ToString());
                current.Clear();
                inWord = false;
            }
            else
            {
                current.Append(c);
                inWord = true;
            }
        }

        if (quote is not null) throw new FormatException($"fprocess '{command}' has an unclosed quote");
        if (inWord) words.Add(current.ToString());
        return words.Count == 0 ? throw new FormatException("fprocess is empty") : words;
    }
}
