namespace Faaswise.Simulation.Engine;

/// <summary>A request in flight.</summary>
internal sealed class Request(int function, double arrival, double deadline, double serviceFactor)
{
    public int Function { get; } = function;

    public double Arrival { get; } = arrival;

    public double Deadline { get; } = deadline;

    /// <summary>Its inference time over the model's latency, drawn when it arrived.</summary>
    public double ServiceFactor { get; } = serviceFactor;

    public double Start { get; set; } = double.NaN;

    public double Exec { get; set; }

    public double LoadWait { get; set; }

    public bool OnGpu { get; set; }
}
