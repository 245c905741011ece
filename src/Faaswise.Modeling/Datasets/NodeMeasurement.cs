namespace Faaswise.Modeling.Datasets;

/// <summary>The node's side of a row: its idle baseline before the attack and its usage during it.</summary>
/// <param name="CpuIdle">CPU before the attack, percent of one core.</param>
/// <param name="Cpu">CPU during the attack, percent of one core.</param>
/// <param name="RamIdle">Memory in use before the attack, bytes.</param>
/// <param name="Ram">Memory in use during the attack, bytes.</param>
/// <param name="RamIdlePercent">Memory in use before the attack, percent.</param>
/// <param name="RamPercent">Memory in use during the attack, percent.</param>
/// <param name="PowerIdle">Power before the attack, microwatts.</param>
/// <param name="Power">Power during the attack, microwatts.</param>
/// <param name="RestSeconds">Seconds the sampler waited for the node to calm down first.</param>
/// <param name="Overloaded">DFaaS's node overload flag.</param>
public sealed record NodeMeasurement(
    double CpuIdle,
    double Cpu,
    double RamIdle,
    double Ram,
    double RamIdlePercent,
    double RamPercent,
    double PowerIdle,
    double Power,
    double RestSeconds,
    bool Overloaded);
