namespace Faaswise.Simulation.Engine;

/// <summary>Receives a run's outputs as they happen, so that nothing grows with the number of requests.</summary>
public interface ISimulationObserver
{
    /// <summary>A request ended.</summary>
    void OnRequest(in RequestRecord record);

    /// <summary>A simulated second ended; <paramref name="sample"/> describes it.</summary>
    void OnSecond(SecondSample sample);

    /// <summary>A decision was applied or refused, or a request was refused.</summary>
    void OnDecision(in DecisionRecord record)
    {
    }
}
