using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Faaswise.Modeling.Service;
using Microsoft.Extensions.Logging.Abstractions;

namespace Faaswise.Modeling.Tests;

public class ForecasterServerTests(TrainedModelFixture fixture) : IClassFixture<TrainedModelFixture>
{
    private const string AgentBody = """{"rate_group_HIGH_USAGE": 20, "rate_group_LOW_USAGE": 100, "rate_group_MEDIUM_USAGE": 50, "node_type": 0}""";
    private const string Permuted = """{"node_type": 0, "rate_group_MEDIUM_USAGE": 50, "rate_group_LOW_USAGE": 100, "rate_group_HIGH_USAGE": 20}""";

    private async Task<(ForecasterServer Server, HttpClient Client)> StartAsync()
    {
        var server = await ForecasterServer.StartAsync(new ForecasterServerOptions { ModelDirectory = fixture.Directory, Port = 0 }, NullLoggerFactory.Instance, CancellationToken.None);
        return (server, new HttpClient { BaseAddress = server.Url });
    }

    private static async Task<JsonElement> SendAsync(HttpClient client, HttpMethod method, string path, string body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body) };
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task Agent_endpoints_answer_an_array_of_one_object_rounded_to_two_decimals()
    {
        var (server, client) = await StartAsync();
        await using (server)
        using (client)
        {
            var usage = await SendAsync(client, HttpMethod.Post, "/node_usage", AgentBody);
            var only = Assert.Single(usage.EnumerateArray());
            Assert.Equal(["cpu_usage_node", "ram_usage_node", "power_usage_node", "extrapolated", "outside_domain", "assumed"], only.EnumerateObject().Select(p => p.Name));
            Assert.False(only.GetProperty("extrapolated").GetBoolean());
            Assert.NotEmpty(only.GetProperty("assumed").EnumerateArray());
            Assert.All(only.GetProperty("assumed").EnumerateArray(), a => Assert.Contains("median idle", a.GetString(), StringComparison.Ordinal));
            var cpu = only.GetProperty("cpu_usage_node").GetDouble();
            Assert.Equal(Math.Round(cpu, 2), cpu);

            var viaGet = await SendAsync(client, HttpMethod.Get, "/cpu_usage_node", Permuted);
            Assert.Equal(cpu, viaGet[0].GetProperty("cpu_usage_node").GetDouble());
            var high = await SendAsync(client, HttpMethod.Get, "/cpu_usage_node?model=quantile095", AgentBody);
            Assert.True(high[0].GetProperty("cpu_usage_node").GetDouble() >= (await SendAsync(client, HttpMethod.Get, "/cpu_usage_node?model=quantile005", AgentBody))[0].GetProperty("cpu_usage_node").GetDouble());
            Assert.Equal("faaswise forecaster is running\n", await client.GetStringAsync(new Uri("/", UriKind.Relative)));
        }
    }

    [Fact]
    public async Task Predict_answers_intervals_and_flags_and_invalid_input_gets_a_problem()
    {
        var (server, client) = await StartAsync();
        await using (server)
        using (client)
        {
            var forecast = await SendAsync(client, HttpMethod.Post, "/predict", """{"rate_group_HIGH_USAGE": 500, "node_type": 0}""");
            Assert.True(forecast.GetProperty("extrapolated").GetBoolean());
            Assert.True(forecast.GetProperty("targets").GetProperty("ram_usage_node").TryGetProperty("q05", out _));
            var many = await SendAsync(client, HttpMethod.Post, "/predict", "[" + AgentBody + "," + Permuted + "]");
            Assert.Equal(2, many.GetArrayLength());

            foreach (var bad in new[] { "{", """{"rate_group_HIGH_USAGE": "x", "node_type": 0}""", """{"nope": 1, "node_type": 0}""", "[]", "3" })
            {
                using var response = await client.PostAsync(new Uri("/predict", UriKind.Relative), new StringContent(bad));
                Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
                Assert.Equal(400, problem.GetProperty("status").GetInt32());
                Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
            }
        }
    }

    [Fact]
    public async Task A_caller_with_measured_baselines_has_nothing_assumed_and_the_derived_demand_is_not_an_input()
    {
        var (server, client) = await StartAsync();
        await using (server)
        using (client)
        {
            const string Measured = """{"rate_group_HIGH_USAGE": 20, "rate_group_LOW_USAGE": 100, "rate_group_MEDIUM_USAGE": 50, "node_cores": 6, "cpu_usage_idle_node": 30, "ram_usage_idle_node": 2500000000, "power_usage_idle_node": 5000000}""";
            var measured = await SendAsync(client, HttpMethod.Post, "/predict", Measured);
            var agent = await SendAsync(client, HttpMethod.Post, "/predict", AgentBody);

            Assert.Empty(measured.GetProperty("assumed").EnumerateArray());
            Assert.NotEmpty(agent.GetProperty("assumed").EnumerateArray());
            Assert.True(measured.TryGetProperty("overloaded", out var overloaded) && overloaded.ValueKind is JsonValueKind.True or JsonValueKind.False);

            using var response = await client.PostAsync(new Uri("/predict", UriKind.Relative), new StringContent("""{"demand_cpu": 100, "node_type": 0}"""));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("unknown field 'demand_cpu'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task The_agent_is_told_when_its_rates_lie_outside_the_training_data_and_a_fractional_node_type_is_refused()
    {
        var (server, client) = await StartAsync();
        await using (server)
        using (client)
        {
            var far = await SendAsync(client, HttpMethod.Post, "/cpu_usage_node", """{"rate_group_HIGH_USAGE": 400, "rate_group_LOW_USAGE": 0, "rate_group_MEDIUM_USAGE": 0, "node_type": 0}""");
            Assert.True(far[0].GetProperty("extrapolated").GetBoolean());
            Assert.StartsWith("rate_group_HIGH_USAGE=400 (", far[0].GetProperty("outside_domain")[0].GetString(), StringComparison.Ordinal);
            Assert.True(far[0].GetProperty("cpu_usage_node").GetDouble() >= 0);

            using var response = await client.PostAsync(new Uri("/node_usage", UriKind.Relative), new StringContent("""{"rate_group_HIGH_USAGE": 20, "node_type": 1.7}"""));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("node_type must be a whole number (got 1.7)", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Any_group_names_and_number_of_groups_serve_the_agent_path()
    {
        using var dir = new Faaswise.Testing.TempDirectory();
        var dfaas = Profiling.GroupList.Read(Faaswise.Testing.SharedData.Path("group_list.json"));
        var two = new Profiling.GroupList();
        foreach (var f in dfaas["HIGH_USAGE"].Concat(dfaas["MEDIUM_USAGE"])) two.Add("busy", f);
        foreach (var f in dfaas["LOW_USAGE"]) two.Add("quiet", f);
        var result = Forecasting.ForecasterTrainer.Train(fixture.Data, fixture.Options with { Groups = two, Quantiles = false }, "test");
        var model = Path.Combine(dir.Path, "two-groups");
        Forecasting.ModelDirectory.Save(result, model);

        await using var server = await ForecasterServer.StartAsync(new ForecasterServerOptions { ModelDirectory = model, Port = 0 }, NullLoggerFactory.Instance, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = server.Url };
        var usage = await SendAsync(client, HttpMethod.Post, "/node_usage", """{"rate_group_busy": 30, "rate_group_quiet": 60, "node_type": 0}""");

        Assert.True(usage[0].GetProperty("cpu_usage_node").GetDouble() > 0);
        Assert.False(usage[0].GetProperty("extrapolated").GetBoolean());
    }

    [Fact]
    public async Task Reload_under_concurrent_requests_loses_none()
    {
        var (server, client) = await StartAsync();
        await using (server)
        using (client)
        {
            var ready = await client.GetFromJsonAsync<JsonElement>(new Uri("/ready", UriKind.Relative));
            Assert.Equal("ready", ready.GetProperty("status").GetString());
            Assert.Equal("ok", (await client.GetFromJsonAsync<JsonElement>(new Uri("/health", UriKind.Relative))).GetProperty("status").GetString());

            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, 4).Select(async _ =>
            {
                var answered = 0;
                while (!stop.IsCancellationRequested)
                {
                    using var response = await client.PostAsync(new Uri("/node_usage", UriKind.Relative), new StringContent(AgentBody));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    answered++;
                }

                return answered;
            }).ToArray();
            for (var i = 0; i < 5; i++)
            {
                using var reload = await client.PostAsync(new Uri("/reload", UriKind.Relative), null);
                Assert.Equal(HttpStatusCode.OK, reload.StatusCode);
            }

            await stop.CancelAsync();
            Assert.All(await Task.WhenAll(load), answered => Assert.True(answered > 0));
        }
    }
}
