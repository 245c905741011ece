namespace Faaswise.Simulation.Engine;

/// <summary>Knobs of one simulated run.</summary>
/// <param name="Seed">Seed of the service-time draws and failures (the workload has its own).</param>
/// <param name="Service">Service-time distribution (deterministic when null).</param>
/// <param name="CheckInvariants">Checks memory, residency and request accounting after every event (slower; on in tests).</param>
/// <param name="CrashesPerReplicaHour">Rate at which a running replica's process crashes (exponential times), per hour; 0 for none.</param>
/// <param name="LoadFailureProbability">Probability that a host-to-GPU load fails and leaves the model in host memory.</param>
/// <param name="IrateScrapeSeconds">Scrape interval of the Prometheus behind QShuf's irate queries, seconds (assumption: the OpenFaaS chart's 15 s).</param>
/// <param name="RestartPolicyAt">Times at which the controller restarts: the policy is replaced by a fresh instance that sees only the snapshot.</param>
public sealed record SimulationOptions(
    int Seed = 1,
    ServiceDistribution? Service = null,
    bool CheckInvariants = false,
    double CrashesPerReplicaHour = 0,
    double LoadFailureProbability = 0,
    double IrateScrapeSeconds = 15,
    IReadOnlyList<double>? RestartPolicyAt = null);
