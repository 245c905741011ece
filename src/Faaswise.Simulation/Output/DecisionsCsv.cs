using System.Text;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;

namespace Faaswise.Simulation.Output;

/// <summary>decisions.csv: every decision a policy made (applied, or refused with the cluster's reason) and every request it refused, with the policy's reason, streamed.</summary>
public sealed class DecisionsCsv : ISimulationObserver, IDisposable
{
    /// <summary>The columns: simulated seconds; deploy, control or route; the decision; the replica; function; GPU (-1: none); applied or refused; the cluster's refusal; the expected completion of a refused request (seconds, when the policy computed one); the policy's reason.</summary>
    public const string Header = "time_s,source,kind,replica,function,gpu,outcome,refusal,expected_s,reason";

    private readonly CsvLineWriter _writer;
    private readonly byte[][] _functions;
    // source, kind and reason strings repeat (mostly constants): each is encoded once
    private readonly Dictionary<string, byte[]> _utf8 = new(StringComparer.Ordinal);
    private readonly bool _refusals;

    /// <summary>Creates the file; without <paramref name="refusals"/> refused requests are left out (one line each otherwise).</summary>
    public DecisionsCsv(string path, ClusterWorld world, bool refusals = true)
    {
        ArgumentNullException.ThrowIfNull(world);
        _writer = new CsvLineWriter(path, Header);
        _functions = world.Functions.Select(f => Encoding.UTF8.GetBytes(f.Name)).ToArray();
        _refusals = refusals;
    }

    /// <inheritdoc />
    public void OnRequest(in RequestRecord record)
    {
    }

    /// <inheritdoc />
    public void OnSecond(SecondSample sample)
    {
    }

    /// <inheritdoc />
    public void OnDecision(in DecisionRecord record)
    {
        if (!_refusals && record.Kind == "refuse") return;
        _writer.Number(record.Time).Comma().Bytes(Utf8(record.Source)).Comma().Bytes(Utf8(record.Kind)).Comma().Text(record.Replica).Comma()
            .Bytes(record.Function >= 0 ? _functions[record.Function] : default).Comma().Number(record.Gpu).Comma()
            .Bytes(record.Refusal is null ? "applied"u8 : "refused"u8).Comma().Text(Quote(record.Refusal ?? "")).Comma()
            .Number(record.ExpectedSeconds).Comma().Bytes(Utf8(record.Reason)).EndLine();
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private byte[] Utf8(string text)
    {
        if (!_utf8.TryGetValue(text, out var bytes))
        {
            bytes = Encoding.UTF8.GetBytes(Quote(text));
            if (_utf8.Count < 4096) _utf8[text] = bytes;
        }

        return bytes;
    }

    private static string Quote(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal)
        ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : text;
}
