using Faaswise.Modeling.Forecasting;

namespace Faaswise.Modeling.Tests;

public sealed class ExplainTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    [Fact]
    public void Base_plus_contributions_is_the_prediction_and_the_overload_log_odds()
    {
        var model = ModelDirectory.Load(fixture.Directory);
        var fields = new Dictionary<string, double> { ["rate_group_HIGH_USAGE"] = 40, ["rate_group_MEDIUM_USAGE"] = 60, ["rate_group_LOW_USAGE"] = 80, ["node_type"] = 0 };

        var forecast = model.Predict(fields);
        var explanation = model.Explain(fields);

        foreach (var target in (string[])["cpu_usage_node", "ram_usage_node", "power_usage_node"])
        {
            var why = explanation[target];
            var value = forecast.Targets[target].Value;
            Assert.Equal(value, why.Total, Math.Max(1e-6, Math.Abs(value) * 1e-6));
            Assert.Equal(why.Total, why.Base + why.Contributions.Values.Sum(), Math.Max(1e-6, Math.Abs(value) * 1e-9));
            Assert.Equal(model.Manifest.Features.Select(f => f.Feature.Name).Order(StringComparer.Ordinal), why.Contributions.Keys.Order(StringComparer.Ordinal));
        }

        var odds = explanation["overloaded_node"];
        Assert.Equal("log-odds", odds.Unit);
        Assert.Equal(forecast.OverloadProbability!.Value, 1 / (1 + Math.Exp(-odds.Total)), 6);
        Assert.True(explanation["cpu_usage_node"].Contributions["rate_group_HIGH_USAGE"] != 0, "a rate the model splits on contributes");
    }
}
