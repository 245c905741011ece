using Faaswise.Qshuf.Policies;

namespace Faaswise.Qshuf.Tests;

public class QshufPlanTests
{
    [Fact]
    public void Plan_ActiveOnGpuRoundRobin_ThenReservesInHostMemoryOnTheFollowingGpus()
    {
        var plan = QshufPlacement.Plan(functions: 3, gpus: 2, maxReplicas: 4);
        Assert.Equal(new QshufPlanSlot(0, true, false), plan[0][0]);
        Assert.Equal(new QshufPlanSlot(1, true, false), plan[1][0]);
        Assert.Equal(new QshufPlanSlot(0, true, false), plan[2][0]);
        Assert.All(plan, slots => Assert.Equal(5, slots.Length));
        Assert.All(plan.SelectMany(s => s.Skip(1)), slot => Assert.True(slot.Reserve && !slot.Cuda));
        Assert.Equal([1, 0, 1, 0], plan[0].Skip(1).Select(s => s.Gpu).ToArray());
    }

    [Fact]
    public void Catalog_CreatesEveryNamedPolicy_AndRefusesOthers()
    {
        foreach (var name in PolicyCatalog.Names) Assert.Equal(name, PolicyCatalog.Create(name)!.Name);
        Assert.Null(PolicyCatalog.Create("fifo"));
        Assert.Null(PolicyCatalog.Create("faaswise", "maybe"));
        Assert.Equal("slo", PolicyCatalog.Create("pinned", "slo")!.Admission.Name);
    }
}
