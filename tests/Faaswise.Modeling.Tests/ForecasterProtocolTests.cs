using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Forecasting;
using Faaswise.Modeling.Profiling;
using Faaswise.Testing;
using Xunit.Abstractions;

namespace Faaswise.Modeling.Tests;

public class ForecasterProtocolTests(ITestOutputHelper output)
{
    private static readonly Dataset Runs = DatasetLoader.Load(SharedData.Path("runs"));
    private static readonly GroupList Groups = GroupList.Read(SharedData.Path("group_list.json"));

    [Fact]
    public void Dfaas_protocol_reaches_the_reference_scores()
    {
        var result = ForecasterTrainer.Train(Runs, TrainingOptions.Dfaas(Groups), "test");
        Print(result);

        Assert.True(result.Test.Targets["cpu_usage_node"].R2 >= 0.975 - 0.01);
        Assert.True(result.Test.Targets["ram_usage_node"].R2 >= 0.723 - 0.01);
        Assert.True(result.Test.Targets["power_usage_node"].R2 >= 0.936 - 0.01);
        Assert.True(result.Test.OverloadedNode!.F1 >= 0.82);
    }

    /// <summary>Input level a (per-function rates, node cores, measured idle baseline) on held-out runs.</summary>
    [Fact]
    public void Honest_protocol_meets_the_targets_on_held_out_runs()
    {
        var result = ForecasterTrainer.Train(Runs, new TrainingOptions(), "test");
        Print(result);

        Assert.Equal("grouped", result.Manifest.Protocol.Split);
        Assert.True(result.Test.Targets["cpu_usage_node"].R2 >= 0.90);
        Assert.True(result.Test.Targets["ram_usage_node"].R2 >= 0.85);
        Assert.True(result.Test.Targets["power_usage_node"].R2 >= 0.80);
        Assert.True(result.Test.OverloadedNode!.F1 >= 0.75);
    }

    private void Print(TrainingResult result) => output.WriteLine(MetricsMarkdown.Render(result));
}
