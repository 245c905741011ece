using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;

namespace Faaswise.Simulation.Output;

/// <summary>
/// The per-request log, streamed: one line per request as it ends. It starts with the columns every Faaswise and
/// QShuf request log has (<c>RequestTime,ResponseTime</c> in ns, here from the start of the simulated run, <c>URL</c>,
/// <c>StatusCode</c>), so <c>RequestLogReader</c> reads it as it reads <c>faaswise attack</c>'s; then the simulator's
/// own columns, times in seconds.
/// </summary>
public sealed class RequestLogCsv : ISimulationObserver, IDisposable
{
    /// <summary>The columns.</summary>
    public const string Header = "RequestTime,ResponseTime,URL,StatusCode,function,arrival_s,start_s,end_s,device,queue_s,load_s,exec_s,replica,gpu";

    private readonly CsvLineWriter _writer;
    private readonly byte[][] _names;
    private readonly byte[][] _urls;

    /// <summary>Creates the file.</summary>
    public RequestLogCsv(string path, ClusterWorld world)
    {
        ArgumentNullException.ThrowIfNull(world);
        _writer = new CsvLineWriter(path, Header);
        _names = world.Functions.Select(f => System.Text.Encoding.UTF8.GetBytes(f.Name)).ToArray();
        _urls = world.Functions.Select(f => System.Text.Encoding.UTF8.GetBytes("/function/" + f.Name)).ToArray();
    }

    /// <inheritdoc />
    public void OnRequest(in RequestRecord record)
    {
        var r = record;
        _writer.Number((long)Math.Round(r.Arrival * 1e9)).Comma().Number((long)Math.Round(r.End * 1e9)).Comma().Bytes(_urls[r.Function]).Comma().Number(r.Status).Comma()
            .Bytes(_names[r.Function]).Comma().Number(r.Arrival).Comma().Number(r.Start).Comma().Number(r.End).Comma()
            .Bytes(double.IsNaN(r.Start) ? default : r.OnGpu ? "cuda"u8 : "cpu"u8).Comma()
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
