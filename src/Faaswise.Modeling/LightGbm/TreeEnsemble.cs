using System.Globalization;

namespace Faaswise.Modeling.LightGbm;

/// <summary>
/// A LightGBM text model read into flat arrays and evaluated in managed code, exactly as LightGBM's numerical
/// decision does it. Immutable, so any number of threads predict at once, and a prediction costs well under a
/// microsecond per hundred trees: the service path never crosses into native code.
/// </summary>
public sealed class TreeEnsemble
{
    private const double ZeroThreshold = 1e-35;
    private readonly int[] treeRoot;
    private readonly int[] treeLeaf;
    private readonly int[] splitFeature;
    private readonly double[] threshold;
    private readonly byte[] decisionType;
    private readonly int[] leftChild;
    private readonly int[] rightChild;
    private readonly double[] leafValue;
    private readonly double sigmoid;

    /// <summary>Features the model reads.</summary>
    public int Features { get; }

    /// <summary>Trees in the model.</summary>
    public int Trees => treeRoot.Length;

    private TreeEnsemble(int features, double sigmoid, List<int> roots, List<int> leaves, List<int> feature, List<double> thresholds, List<byte> decision, List<int> left, List<int> right, List<double> values)
    {
        Features = features;
        this.sigmoid = sigmoid;
        treeRoot = [.. roots];
        treeLeaf = [.. leaves];
        splitFeature = [.. feature];
        threshold = [.. thresholds];
        decisionType = [.. decision];
        leftChild = [.. left];
        rightChild = [.. right];
        leafValue = [.. values];
    }

    /// <summary>Reads LightGBM's text model format (numerical splits; binary, regression and quantile objectives).</summary>
    /// <exception cref="FormatException">Not a LightGBM model, or one with categorical splits or several classes.</exception>
    public static TreeEnsemble Parse(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var lines = model.Split('\n');
        if (lines.Length == 0 || lines[0].Trim() != "tree") throw new FormatException("not a LightGBM text model (it must start with 'tree')");
        int features = -1;
        var sigmoid = double.NaN;
        List<int> roots = [], leaves = [], feature = [], left = [], right = [];
        List<double> thresholds = [], values = [];
        List<byte> decision = [];
        Dictionary<string, string>? tree = null;

        void Flush()
        {
            if (tree is null) return;
            var count = int.Parse(tree["num_leaves"], CultureInfo.InvariantCulture);
            if (tree.TryGetValue("num_cat", out var cat) && cat != "0") throw new FormatException("categorical splits are not supported");
            var nodeBase = feature.Count;
            var leafBase = values.Count;
            roots.Add(nodeBase);
            leaves.Add(leafBase);
            values.AddRange(Doubles(tree["leaf_value"]));
            if (count > 1)
            {
                feature.AddRange(Ints(tree["split_feature"]));
                thresholds.AddRange(Doubles(tree["threshold"]));
                decision.AddRange(Ints(tree["decision_type"]).Select(d => (byte)d));
                left.AddRange(Ints(tree["left_child"]).Select(c => c >= 0 ? c + nodeBase : -(leafBase + ~c) - 1));
                right.AddRange(Ints(tree["right_child"]).Select(c => c >= 0 ? c + nodeBase : -(leafBase + ~c) - 1));
            }
            else
            {
                roots[^1] = -leafBase - 1;
            }

            tree = null;
        }

        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            if (line.StartsWith("Tree=", StringComparison.Ordinal))
            {
                Flush();
                tree = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }

            if (line.StartsWith("end of trees", StringComparison.Ordinal)) break;
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0) continue;
            var (key, value) = (line[..eq], line[(eq + 1)..]);
            if (tree is not null)
            {
                tree[key] = value;
            }
            else if (key == "max_feature_idx")
            {
                features = int.Parse(value, CultureInfo.InvariantCulture) + 1;
            }
            else if (key == "num_class" && value != "1")
            {
                throw new FormatException("multiclass models are not supported");
            }
            else if (key == "objective" && value.StartsWith("binary", StringComparison.Ordinal))
            {
                var part = value.Split(' ').FirstOrDefault(p => p.StartsWith("sigmoid:", StringComparison.Ordinal));
                sigmoid = part is null ? 1 : double.Parse(part["sigmoid:".Length..], CultureInfo.InvariantCulture);
            }
        }

        Flush();
        if (features <= 0 || roots.Count == 0) throw new FormatException("not a LightGBM text model (no max_feature_idx or no trees)");
        return new TreeEnsemble(features, sigmoid, roots, leaves, feature, thresholds, decision, left, right, values);
    }

    /// <summary>The model's output for one row: the score, or for a binary model the probability of class 1.</summary>
    public double Predict(ReadOnlySpan<float> row)
    {
        if (row.Length < Features) throw new ArgumentException($"{row.Length} values for {Features} features", nameof(row));
        var sum = 0.0;
        for (var t = 0; t < treeRoot.Length; t++)
        {
            var node = treeRoot[t];
            while (node >= 0) node = Next(node, row[splitFeature[node]]);
            sum += leafValue[~node];
        }

        return double.IsNaN(sigmoid) ? sum : 1 / (1 + Math.Exp(-sigmoid * sum));
    }

    private int Next(int node, double value)
    {
        var type = decisionType[node];
        var missing = (type >> 2) & 3;
        if (double.IsNaN(value) && missing != 2) value = 0;
        if ((missing == 1 && value >= -ZeroThreshold && value <= ZeroThreshold) || (missing == 2 && double.IsNaN(value)))
        {
            return (type & 2) != 0 ? leftChild[node] : rightChild[node];
        }

        return value <= threshold[node] ? leftChild[node] : rightChild[node];
    }

    private static IEnumerable<double> Doubles(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => double.Parse(v, NumberStyles.Float, CultureInfo.InvariantCulture));

    private static IEnumerable<int> Ints(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(v => int.Parse(v, NumberStyles.Integer, CultureInfo.InvariantCulture));
}
