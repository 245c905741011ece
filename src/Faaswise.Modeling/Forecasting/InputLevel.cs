namespace Faaswise.Modeling.Forecasting;

/// <summary>What a caller of the forecaster knows about the node it asks about.</summary>
public enum InputLevel
{
    /// <summary>Rates, node capacity and the node's measured idle baseline (a platform with node-exporter).</summary>
    Measured,

    /// <summary>Rates and node capacity only: the model fills in the node class's median idle baseline from training.</summary>
    NoBaseline,

    /// <summary>Group rates and node_type only (the DFaaS agent): as <see cref="NoBaseline"/>, on a model that reads group rates.</summary>
    GroupRates,
}

/// <summary>Parses and names input levels as the CLI writes them (a, b, c).</summary>
public static class InputLevels
{
    /// <summary>The level a, b or c names.</summary>
    /// <exception cref="FormatException">Another name.</exception>
    public static InputLevel Parse(string text) => text switch
    {
        "a" => InputLevel.Measured,
        "b" => InputLevel.NoBaseline,
        "c" => InputLevel.GroupRates,
        _ => throw new FormatException($"the input level must be a (rates, node, measured idle baseline), b (rates and node) or c (group rates and node_type), got '{text}'"),
    };
}
