namespace Faaswise.Simulation.Engine;

/// <summary>Knobs of one simulated run.</summary>
/// <param name="Seed">Seed of the service-time draws (the workload has its own).</param>
/// <param name="Service">Service-time distribution.</param>
/// <param name="CheckInvariants">Checks memory, residency and request accounting after every event (slower; on in tests).</param>
public sealed record SimulationOptions(int Seed = 1, ServiceTimes Service = ServiceTimes.Deterministic, bool CheckInvariants = false);
