using Faaswise.Simulation.Engine;

namespace Faaswise.Simulation.Output;

/// <summary>Several observers as one.</summary>
public sealed class Observers(params ISimulationObserver[] observers) : ISimulationObserver
{
    /// <inheritdoc />
    public void OnRequest(in RequestRecord record)
    {
        foreach (var o in observers) o.OnRequest(record);
    }

    /// <inheritdoc />
    public void OnSecond(SecondSample sample)
    {
        foreach (var o in observers) o.OnSecond(sample);
    }

    /// <inheritdoc />
    public void OnDecision(in DecisionRecord record)
    {
        foreach (var o in observers) o.OnDecision(record);
    }
}
