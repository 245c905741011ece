using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;

namespace Faaswise.Simulation.Output;

/// <summary>decisions.csv: every decision a policy made (applied, or refused with the cluster's reason) and every request it refused, with the policy's reason, streamed.</summary>
public sealed class DecisionsCsv : ISimulationObserver, IDisposable
{
    /// <summary>The columns: simulated seconds; deploy, control or route; the decision; the replica; function; GPU (-1: none); applied or refused; the cluster's refusal; the policy's reason.</summary>
    public const string Header = "time_s,source,kind,replica,function,gpu,outcome,refusal,reason";

    private readonly CsvLineWriter _writer;
    private readonly IReadOnlyList<FunctionSpec> _functions;
    private readonly bool _refusals;

    /// <summary>Creates the file; without <paramref name="refusals"/> refused requests are left out (one line each otherwise).</summary>
    public DecisionsCsv(string path, ClusterWorld world, bool refusals = true)
    {
        ArgumentNullException.ThrowIfNull(world);
        _writer = new CsvLineWriter(path, Header);
        _functions = world.Functions;
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
        _writer.Number(record.Time).Comma().Text(record.Source).Comma().Text(record.Kind).Comma().Text(record.Replica).Comma()
            .Text(record.Function >= 0 ? _functions[record.Function].Name : "").Comma().Number(record.Gpu).Comma()
            .Text(record.Refusal is null ? "applied" : "refused").Comma().Text(Quote(record.Refusal ?? "")).Comma().Text(Quote(record.Reason)).EndLine();
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    private static string Quote(string text) => text.Contains(',', StringComparison.Ordinal) || text.Contains('"', StringComparison.Ordinal)
        ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""
        : text;
}
