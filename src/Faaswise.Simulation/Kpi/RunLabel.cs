namespace Faaswise.Simulation.Kpi;

/// <summary>What a run's rows are labelled with.</summary>
public sealed record RunLabel(string Policy, string Admission, string Workload, double? Cv, int Seed);
