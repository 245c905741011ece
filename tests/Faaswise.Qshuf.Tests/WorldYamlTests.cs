using Faaswise.Qshuf.World;

namespace Faaswise.Qshuf.Tests;

public class WorldYamlTests
{
    [Fact]
    public void ShippedClusters_Parse_WithQshufsTenFunctions()
    {
        foreach (var name in Catalogues.Clusters.Where(c => c != "local"))
        {
            var world = Catalogues.Cluster(name);
            Assert.Equal(10, world.Functions.Count);
            Assert.Equal(5.0, world.Functions[world.FunctionIndex("bert")].TimeoutSeconds);
            Assert.Equal(0.06, world.ExecSeconds(world.FunctionIndex("bert"), onGpu: true), 9);
        }
    }

    [Fact]
    public void TheLocalCluster_ServesEveryModelLive_AndHoldsEachModelOnceButNotTwice()
    {
        var world = Catalogues.Cluster("local");
        Assert.All(world.Models, m => Assert.NotNull(m.Serve));
        var oneCopyEach = Enumerable.Range(0, world.Functions.Count).Sum(world.GpuBytes);
        Assert.InRange(world.TotalGpuBytes, oneCopyEach, 2 * oneCopyEach - 1);
        Assert.True(world.Functions.Sum(f => f.CpuRequest * f.MaxReplicas) <= world.Nodes.Single().CpuCores, "every replica the functions allow fits the node's cores");
    }

    [Fact]
    public void MemoryPressure_HoldsAboutHalfOfWhatQshufsPinnedDeploymentNeeds()
    {
        var world = Catalogues.Cluster("memory-pressure");
        var oneCopyEach = Enumerable.Range(0, world.Functions.Count).Sum(world.GpuBytes);
        Assert.Equal(48e9, world.TotalGpuBytes);
        // two serving replicas per function, plus QShuf's warm reserve on the GPU
        Assert.InRange(world.TotalGpuBytes / (3.0 * oneCopyEach), 0.45, 0.55);
        Assert.InRange(world.TotalGpuBytes / (2.0 * oneCopyEach), 0.7, 0.8);
        Assert.True(Catalogues.Cluster("default").TotalGpuBytes >= 2 * oneCopyEach);
    }

    [Fact]
    public void DerivedTimes_FollowSizeBandwidthAndOverhead()
    {
        var world = Catalogues.Cluster("default");
        var llama = world.FunctionIndex("llama2-7b");
        Assert.Equal(6.74e9 * 2, world.ModelOf(llama).WeightBytes, 0);
        Assert.Equal((long)Math.Ceiling(13.48e9 * 1.15) + 500_000_000, world.GpuBytes(llama));
        // calibrated on QShuf's Llama-2-7B timings: /tocuda 2.37 s, /tocpu 6.53 s
        Assert.Equal(13.48e9 / 5.7e9 + 0.005, world.LoadSeconds(llama, 0), 9);
        Assert.InRange(world.LoadSeconds(llama, 0), 2.37 - 0.05, 2.37 + 0.05);
        Assert.InRange(world.OffloadSeconds(llama, 0), 6.53 - 0.15, 6.53 + 0.15);
        Assert.Equal(3 + 13.48e9 / 2e9 + 13.48e9 / 5.7e9 + 0.005, world.ColdStartSeconds(llama, 0), 9);
        Assert.True(world.Runtime.PersistentContext);
        Assert.Equal((1.0, 3.0), (world.Runtime.ReadyDelaySeconds, world.Runtime.NotReadyDelaySeconds));
        Assert.Equal(3 + 13.48e9 / 2e9, world.ColdStartSeconds(llama, -1), 9);
    }

    [Fact]
    public void GivenTimes_OverrideDerivedOnes()
    {
        var world = Catalogues.Parse("""
            name: tiny
            nodes:
              - name: n1
                cpu_cores: 4
                host_memory_gb: 16
                gpus: [{ memory_gb: 16, h2d_gbps: 12, count: 2 }]
            models:
              - { name: m, size_gb: 1, latency_ms: { cuda: 10 }, load_s: 0.5, offload_s: 0.25, cold_start_s: 7 }
            functions:
              - { name: f, model: m, slo_ms: 100 }
            """);
        Assert.Equal(2, world.Gpus.Count);
        Assert.NotEqual(world.Gpus[0].Uuid, world.Gpus[1].Uuid);
        Assert.Equal(0.5, world.LoadSeconds(0, 1));
        Assert.Equal(0.25, world.OffloadSeconds(0, 1));
        Assert.Equal(7.5, world.ColdStartSeconds(0, 0));
        Assert.Equal(0.2, world.ExecSeconds(0, onGpu: false), 9);
    }

    [Theory]
    [InlineData("nodes: []", "nodes")]
    [InlineData("catalogue: qshuf-es1\nnodes: [{ name: a, cpu_cores: 1, host_memory_gb: 1, gpus: [{ memory_gb: 0, h2d_gbps: 1 }] }]", "memory_gb")]
    [InlineData("catalogue: nope\nnodes: [{ name: a, cpu_cores: 1, host_memory_gb: 1 }]", "nope")]
    [InlineData("nodes: [{ name: a, cpu_cores: 1, host_memory_gb: 1 }]\nmodels: [{ name: m, parameters: 1e6, precision: fp4, latency_ms: { cuda: 1 } }]\nfunctions: []", "precision")]
    [InlineData("nodes: [{ name: a, cpu_cores: 1, host_memory_gb: 1 }]\nmodels: [{ name: m, parameters: 1e6, latency_ms: { cuda: 1 } }]\nfunctions: [{ name: f, model: x, slo_ms: 1 }]", "model 'x'")]
    [InlineData("nodes: [{ name: a, cpu_cores: 1, host_memory_gb: 1 }]\nmodels: [{ name: m, parameters: 1e6, latency_ms: { cuda: 1 } }]\nfunctions: [{ name: f, model: m }]", "slo_ms")]
    [InlineData("nodes: {{", "line")]
    public void BadFiles_AreRefused_NamingTheField(string yaml, string expected)
    {
        var e = Assert.Throws<WorldFormatException>(() => Catalogues.Parse(yaml));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
