using Faaswise.Load.Arrivals;
using Faaswise.Load.Engine;

namespace Faaswise.Load.Tests.Engine;

public sealed class SchedulePlanTests
{
    [Fact]
    public void Merge_TwoTargets_AscendingWithTiesToTheLowerIndex()
    {
        // 2 req/s and 4 req/s for 1 s: offsets {0, 0.5} and {0, 0.25, 0.5, 0.75}.
        var plan = SchedulePlan.Merge([new ConstantArrivals(2), new ConstantArrivals(4)], TimeSpan.FromSeconds(1), seed: 1).ToArray();

        Assert.Equal(
            [(0, 0L, 0.0), (1, 0L, 0.0), (1, 1L, 0.25), (0, 1L, 0.5), (1, 2L, 0.5), (1, 3L, 0.75)],
            plan.Select(s => (s.Target, s.Seq, s.Offset.TotalSeconds)));
    }

    [Fact]
    public void Merge_NoDuration_EndsWithTheTraces()
    {
        var plan = SchedulePlan.Merge([new TraceArrivals([0.1, 0.2]), new TraceArrivals([0.15])], duration: null, seed: 0).ToArray();

        Assert.Equal([0, 1, 0], plan.Select(s => s.Target));
    }

    [Fact]
    public void Merge_SameSeed_SamePlan()
    {
        IArrivalProcess[] processes = [new PoissonArrivals(100), new GammaArrivals(50, 3)];
        var a = SchedulePlan.Merge(processes, TimeSpan.FromSeconds(5), 9).ToArray();
        var b = SchedulePlan.Merge(processes, TimeSpan.FromSeconds(5), 9).ToArray();

        Assert.Equal(a, b);
        Assert.All(a, s => Assert.True(s.Offset < TimeSpan.FromSeconds(5)));
    }
}
