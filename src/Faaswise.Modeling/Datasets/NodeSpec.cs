namespace Faaswise.Modeling.Datasets;

/// <summary>The node a row was measured on.</summary>
/// <param name="Type">A node class name (DFaaS's <c>LIGHT</c>, <c>MID</c>, <c>HEAVY</c>) or <c>host</c> for our sampler's rows.</param>
/// <param name="Cores">CPU cores.</param>
/// <param name="MemoryBytes">Memory, bytes, when the dataset says.</param>
public sealed record NodeSpec(string Type, int Cores, double? MemoryBytes)
{
    /// <summary>DFaaS's numeric node_type (HEAVY 0, MID 1, LIGHT 2), for its protocol and its agent.</summary>
    public int DfaasCode => NodeTypes.DfaasCode(Type, Cores);
}
