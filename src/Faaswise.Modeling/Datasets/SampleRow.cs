namespace Faaswise.Modeling.Datasets;

/// <summary>One measured configuration: the functions' rates and usage and the node's usage.</summary>
/// <param name="Run">The file it came from, relative to the dataset directory: one sampler run.</param>
/// <param name="Line">Its line in that file, 1-based.</param>
/// <param name="Node">The node it was measured on.</param>
/// <param name="Functions">The functions of the configuration, in the file's column order.</param>
/// <param name="Measured">The node's baseline and usage.</param>
public sealed record SampleRow(string Run, int Line, NodeSpec Node, IReadOnlyList<FunctionMeasurement> Functions, NodeMeasurement Measured)
{
    /// <summary>The rate offered to a function, 0 when the row does not have it.</summary>
    public double RateOf(string function)
    {
        foreach (var f in Functions)
        {
            if (f.Name == function) return f.Rate;
        }

        return 0;
    }

    /// <summary>The configuration as a key: node class and the non-zero rates by function name.</summary>
    public string ConfigurationKey =>
        Node.Type + "|" + string.Join(",", Functions.Where(f => f.Rate > 0).OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => $"{f.Name}={f.Rate}"));
}
