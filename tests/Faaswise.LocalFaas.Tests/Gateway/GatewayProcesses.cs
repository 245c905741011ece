namespace Faaswise.LocalFaas.Tests.Gateway;

/// <summary>Gateway tests start real processes: one at a time, so that 2 cores start them in time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GatewayProcesses
{
    public const string Name = "gateway processes";
}
