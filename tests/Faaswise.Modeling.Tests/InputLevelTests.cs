using Faaswise.Modeling.Forecasting;

namespace Faaswise.Modeling.Tests;

public sealed class InputLevelTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Without_a_baseline_rows_are_scored_on_the_node_class_median_the_service_assumes()
    {
        var model = ModelDirectory.Load(fixture.Directory);
        var rows = DatasetSplit.Recorded(fixture.Data.Rows, model.Manifest.Protocol).Test.Select(i => fixture.Data.Rows[i]).ToArray();
        Assert.NotEmpty(rows);

        var measured = ForecastEvaluator.Evaluate(model, rows, InputLevel.Measured);
        var assumed = ForecastEvaluator.Evaluate(model, rows, InputLevel.NoBaseline);
        var agent = ForecastEvaluator.Evaluate(model, rows, InputLevel.GroupRates);

        // The same rows, other inputs: RAM (whose idle level drifts between runs) is scored differently.
        Assert.Equal(measured.Rows, assumed.Rows);
        Assert.NotEqual(measured.Targets["ram_usage_node"].R2, assumed.Targets["ram_usage_node"].R2);
        Assert.Equal(assumed.Targets["ram_usage_node"].R2, agent.Targets["ram_usage_node"].R2); // a group model: c is b

        // Level b is what /predict answers a request without baselines.
        var row = rows[0];
        var node = model.Manifest.Nodes.Single(n => n.Type == row.Node.Type);
        var fields = model.Manifest.Features.Where(f => f.Feature.IsRate).ToDictionary(f => f.Feature.Name, f => f.Feature.ValueOf(row));
        fields["node_cores"] = node.Cores;
        var single = model.Predict(fields);
        var batch = model.PredictBatch([model.Manifest.Features.Select(f => f.Feature.IsBaseline ? node.Baseline[f.Feature.Name] : f.Feature.ValueOf(row)).ToArray()]);
        Assert.Equal(single.Targets["ram_usage_node"].Value, batch.Targets["ram_usage_node"].Point[0], 6);
    }

    [Fact]
    public void Level_c_is_refused_for_a_model_of_per_function_rates()
    {
        var options = fixture.Options with { Groups = null };
        var trained = ForecasterTrainer.Train(fixture.Data, options, "test");
        var model = new ForecastModel(trained.Manifest, path => trained.Files[path]);

        var error = Assert.Throws<FormatException>(() => ForecastEvaluator.Evaluate(model, fixture.Data.Rows.Take(50).ToArray(), InputLevel.GroupRates));

        Assert.Contains("--groups", error.Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => InputLevels.Parse("d"));
    }
}
