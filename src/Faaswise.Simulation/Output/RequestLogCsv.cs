using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;

namespace Faaswise.Simulation.Output;

/// <summary>The per-request log, streamed: one line per request as it ends. Times in seconds from the start of the run.</summary>
public sealed class RequestLogCsv : ISimulationObserver, IDisposable
{
    /// <summary>The columns.</summary>
    public const string Header = "function,arrival_s,start_s,end_s,status,device,queue_s,load_s,exec_s,replica,gpu";

    private readonly CsvLineWriter _writer;
    private readonly byte[][] _names;

    /// <summary>Creates the file.</summary>
    public RequestLogCsv(string path, ClusterWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        _writer = new CsvLineWriter(path, Header);
        _names = world.Functions.Select(f => System.Text.Encoding.UTF8.GetBytes(f.Name)).ToArray();
    }

    /// <inheritdoc />
    public void OnRequest(in RequestRecord record)
    {
        var r = record;
        _writer.Bytes(_names[r.Function]).Comma().Number(r.Arrival).Comma().Number(r.Start).Comma().Number(r.End).Comma()
            .Number(r.Status).Comma().Bytes(double.IsNaN(r.Start) ? default : r.OnGpu ? "cuda"u8 : "cpu"u8).Comma()
            .Number(r.QueueSeconds).Comma().Number(r.LoadSeconds).Comma().Number(r.ExecSeconds).Comma()
            .Number(r.Replica).Comma().Number(r.Gpu).EndLine();
    }

    /// <inheritdoc />
    public void OnSecond(SecondSample sample)
    {
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();
}
