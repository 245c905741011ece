using Faaswise.LocalFaas.Replicas;
using Faaswise.OpenFaas.Api;

namespace Faaswise.LocalFaas.Gateway;

/// <summary>A replica set as OpenFaaS's <c>FunctionStatus</c>, usage from the replicas' process trees.</summary>
internal static class FunctionStatusBuilder
{
    public static FunctionStatus Build(ReplicaAccounting.FunctionUsage function, string ns, double millicores)
    {
        var set = function.Set;
        var d = set.Definition.Deployment;
        var memory = function.Replicas.Sum(r => r.Usage.MemoryBytes);
        return new FunctionStatus
        {
            Name = d.Service,
            Image = d.Image,
            Namespace = ns,
            EnvProcess = set.Definition.FProcess ?? "",
            EnvVars = d.EnvVars,
            Labels = d.Labels,
            Annotations = d.Annotations,
            Limits = d.Limits,
            Requests = d.Requests,
            Constraints = d.Constraints,
            Secrets = d.Secrets,
            ReadOnlyRootFilesystem = d.ReadOnlyRootFilesystem,
            InvocationCount = set.Invocations,
            Replicas = (ulong)set.Desired,
            AvailableReplicas = (ulong)set.ReadyCount,
            CreatedAt = set.CreatedAt,
            Usage = new FunctionUsage { Cpu = millicores, TotalMemoryBytes = memory },
        };
    }
}
