using System.Globalization;
using System.Text;
using Faaswise.Qshuf.World;

namespace Faaswise.Kubernetes.Control;

/// <summary>decisions.csv of a live run: the simulator's columns (so the two compare line for line), then the seconds from decision to effect and the tries.</summary>
public sealed class OutcomeCsv : IDisposable
{
    /// <summary>The columns.</summary>
    public const string Header = "time_s,source,kind,replica,function,gpu,outcome,refusal,expected_s,reason,effect_s,attempts";

    private readonly StreamWriter _writer;
    private readonly ClusterWorld _world;
    private readonly Lock _gate = new();

    /// <summary>Creates (or appends to) the file.</summary>
    public OutcomeCsv(string path, ClusterWorld world)
    {
        _world = world;
        var fresh = !File.Exists(path) || new FileInfo(path).Length == 0;
        _writer = new StreamWriter(path, append: true, new UTF8Encoding(false)) { AutoFlush = true };
        if (fresh) _writer.WriteLine(Header);
    }

    /// <summary>Writes one outcome (a whole line at once, flushed: a killed controller loses none it wrote).</summary>
    public void Write(DecisionOutcome o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var line = string.Join(',',
            o.Time.ToString("0.000", CultureInfo.InvariantCulture), o.Source, o.Kind, Quote(o.Replica), Quote(o.Function >= 0 ? _world.Functions[o.Function].Name : ""),
            o.Gpu.ToString(CultureInfo.InvariantCulture), o.Refusal is null ? "applied" : "refused", Quote(o.Refusal ?? ""), "", Quote(o.Reason),
            o.Seconds.ToString("0.000000", CultureInfo.InvariantCulture), o.Attempts.ToString(CultureInfo.InvariantCulture));
        lock (_gate) _writer.WriteLine(line);
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private static string Quote(string s) => s.AsSpan().IndexOfAny(",\"\n\r") < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
