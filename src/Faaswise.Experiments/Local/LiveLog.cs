using System.Globalization;
using System.Text;
using Faaswise.Qshuf.World;
using Faaswise.Simulation.Engine;

namespace Faaswise.Experiments.Local;

/// <summary>
/// What a live run measures beside the client's request log, one CSV each, every line written whole and flushed:
/// <c>service.csv</c> (each answered inference's device, inference and queue seconds, from the runtime's headers),
/// <c>moves.csv</c> (each model move as the runtime timed it) and <c>starts.csv</c> (each replica's seconds from
/// launch to serving). <c>experiment calibrate</c> fits the simulator's cluster file from them.
/// </summary>
public sealed class LiveLog : IDisposable
{
    /// <summary>service.csv's columns.</summary>
    public const string ServiceHeader = "time_s,function,device,inference_s,queue_s";

    /// <summary>moves.csv's columns.</summary>
    public const string MoveHeader = "time_s,replica,function,gpu,direction,seconds,waited_s,bytes";

    /// <summary>starts.csv's columns.</summary>
    public const string StartHeader = "time_s,replica,function,gpu,on_gpu,phase,serving_s";

    private readonly StreamWriter _service;
    private readonly StreamWriter _moves;
    private readonly StreamWriter _starts;
    private readonly double _origin;
    private readonly ClusterWorld _world;

    /// <summary>Creates the three files in <paramref name="folder"/>; times count from <paramref name="originUnixSeconds"/>; <paramref name="counters"/> (one per function) count what is logged.</summary>
    public LiveLog(string folder, double originUnixSeconds, ClusterWorld world, IReadOnlyList<FunctionCounters> counters)
    {
        _origin = originUnixSeconds;
        _world = world;
        Counters = counters;
        _service = Open(Path.Combine(folder, "service.csv"), ServiceHeader);
        _moves = Open(Path.Combine(folder, "moves.csv"), MoveHeader);
        _starts = Open(Path.Combine(folder, "starts.csv"), StartHeader);
    }

    /// <summary>Per function: loads, offloads, cold starts and GPU inference seconds as logged (lock the list to read them during a run).</summary>
    public IReadOnlyList<FunctionCounters> Counters { get; }

    /// <summary>An inference answered.</summary>
    public void Service(double unixSeconds, string function, string device, double inferenceSeconds, double queueSeconds)
    {
        Count(function, c => c.GpuExecSeconds += device == "cuda" ? inferenceSeconds : 0);
        Write(_service, string.Create(CultureInfo.InvariantCulture, $"{unixSeconds - _origin:0.000},{function},{device},{inferenceSeconds:0.######},{queueSeconds:0.######}"));
    }

    /// <summary>A model moved.</summary>
    public void Move(double unixSeconds, string replica, string function, int gpu, bool toGpu, double seconds, double waitedSeconds, long bytes)
    {
        Count(function, c =>
        {
            if (toGpu)
            {
                c.Loads++;
                c.LoadSeconds += seconds;
            }
            else
            {
                c.Offloads++;
                c.OffloadSeconds += seconds;
            }
        });
        Write(_moves, string.Create(CultureInfo.InvariantCulture, $"{unixSeconds - _origin:0.000},{replica},{function},{gpu},{(toGpu ? "to_gpu" : "to_host")},{seconds:0.######},{waitedSeconds:0.######},{bytes}"));
    }

    /// <summary>A replica began serving (its data plane answers), <paramref name="seconds"/> after it was launched; <paramref name="phase"/> run counts it as a cold start.</summary>
    public void Start(double unixSeconds, string replica, string function, int gpu, bool onGpu, string phase, double seconds)
    {
        if (phase == "run") Count(function, c => c.ColdStarts++);
        Write(_starts, string.Create(CultureInfo.InvariantCulture, $"{unixSeconds - _origin:0.000},{replica},{function},{gpu},{(onGpu ? 1 : 0)},{phase},{seconds:0.######}"));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _service.Dispose();
        _moves.Dispose();
        _starts.Dispose();
    }

    private void Count(string function, Action<FunctionCounters> change)
    {
        var f = _world.FunctionIndex(function);
        if (f < 0) return;
        lock (Counters) change(Counters[f]);
    }

    private static StreamWriter Open(string path, string header)
    {
        var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)) { AutoFlush = true };
        writer.WriteLine(header);
        return writer;
    }

    private static void Write(StreamWriter writer, string line)
    {
        lock (writer) writer.WriteLine(line);
    }
}
