using System.Text;
using System.Text.RegularExpressions;

namespace Faaswise.Metrics.Queries;

/// <summary>
/// PromQL label matchers as a user writes them inside braces (<c>instance="node1:9100",job=~"node.*"</c>), checked when
/// parsed so that a typo is a one-line error, not an empty query result that reads as zero.
/// </summary>
public sealed partial class LabelMatchers
{
    private readonly string text;

    private LabelMatchers(string text, IReadOnlyList<string> labels)
    {
        this.text = text;
        Labels = labels;
    }

    /// <summary>No matcher: every series.</summary>
    public static LabelMatchers None { get; } = new("", []);

    /// <summary>The label names matched, in order.</summary>
    public IReadOnlyList<string> Labels { get; }

    /// <summary>Whether there is no matcher.</summary>
    public bool IsEmpty => text.Length == 0;

    /// <summary>One equality matcher, the value escaped.</summary>
    public static LabelMatchers Equal(string label, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        ArgumentNullException.ThrowIfNull(value);
        if (!Name().IsMatch(label)) throw new FormatException($"'{label}' is not a Prometheus label name");
        return new LabelMatchers($"{label}=\"{Escape(value)}\"", [label]);
    }

    /// <summary>Parses <c>label op "value"</c> items separated by commas; <c>op</c> is <c>=</c>, <c>!=</c>, <c>=~</c> or <c>!~</c>.</summary>
    /// <exception cref="FormatException">The text is not a list of matchers; the message shows where it stops.</exception>
    public static LabelMatchers Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return None;
        var body = text.Trim();
        if (body.StartsWith('{') && body.EndsWith('}')) body = body[1..^1];
        var labels = new List<string>();
        var normal = new StringBuilder();
        var at = 0;
        while (at < body.Length)
        {
            var match = Item().Match(body, at);
            if (!match.Success || match.Index != at)
            {
                throw new FormatException($"'{text}' is not a list of label matchers such as instance=\"node1:9100\" (stopped at '{body[at..]}')");
            }

            labels.Add(match.Groups["label"].Value);
            if (normal.Length > 0) normal.Append(',');
            normal.Append(match.Groups["label"].Value).Append(match.Groups["op"].Value).Append('"').Append(match.Groups["value"].Value).Append('"');
            at = match.Index + match.Length;
        }

        return labels.Count == 0 ? None : new LabelMatchers(normal.ToString(), labels);
    }

    /// <summary>These matchers and <paramref name="other"/>'s.</summary>
    public LabelMatchers And(LabelMatchers other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.IsEmpty) return this;
        if (IsEmpty) return other;
        return new LabelMatchers(text + "," + other.text, [.. Labels, .. other.Labels]);
    }

    /// <summary>The matchers with a leading comma, to append inside existing braces; empty when there are none.</summary>
    public string AfterComma => IsEmpty ? "" : "," + text;

    /// <summary>The matchers in braces, or nothing.</summary>
    public string InBraces => IsEmpty ? "" : "{" + text + "}";

    /// <summary>The matchers as PromQL, without braces.</summary>
    public override string ToString() => text;

    internal static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);

    [GeneratedRegex("""\G\s*(?<label>[a-zA-Z_][a-zA-Z0-9_]*)\s*(?<op>=~|!~|!=|=)\s*"(?<value>(?:[^"\\]|\\.)*)"\s*(?:,\s*|$)""")]
    private static partial Regex Item();

    [GeneratedRegex("^[a-zA-Z_][a-zA-Z0-9_]*$")]
    private static partial Regex Name();
}
