namespace Faaswise.Modeling.Forecasting;

/// <summary>
/// A split protocol with what it holds out, as written on the command line and in a model's manifest:
/// <c>grouped</c>, <c>random</c>, <c>mix</c>, <c>node-class:MID</c>, <c>function:nmap</c>.
/// </summary>
public sealed record SplitSpec(SplitProtocol Protocol, string? Holdout = null)
{
    /// <summary>The text form.</summary>
    public override string ToString() => Protocol switch
    {
        SplitProtocol.Random => "random",
        SplitProtocol.Mix => "mix",
        SplitProtocol.NodeClass => "node-class:" + Holdout,
        SplitProtocol.Function => "function:" + Holdout,
        _ => "grouped",
    };

    /// <summary>Parses the text form.</summary>
    /// <exception cref="FormatException">Not one of the forms, or a hold-out protocol without its name.</exception>
    public static SplitSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        var (kind, name) = colon < 0 ? (text, null) : (text[..colon], text[(colon + 1)..]);
        SplitSpec spec = kind switch
        {
            "grouped" when name is null => new(SplitProtocol.Grouped),
            "random" when name is null => new(SplitProtocol.Random),
            "mix" when name is null => new(SplitProtocol.Mix),
            "node-class" when !string.IsNullOrWhiteSpace(name) => new(SplitProtocol.NodeClass, name),
            "function" when !string.IsNullOrWhiteSpace(name) => new(SplitProtocol.Function, name),
            _ => throw new FormatException($"'{text}' is not a split: grouped, random, mix, node-class:CLASS (e.g. node-class:MID) or function:NAME (e.g. function:nmap)"),
        };
        return spec;
    }
}
