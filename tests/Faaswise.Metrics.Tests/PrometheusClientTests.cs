using System.Net;
using Faaswise.Metrics.Prometheus;
using Faaswise.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Faaswise.Metrics.Tests;

public class PrometheusClientTests
{
    private const string Matrix = """{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"container_label_io_kubernetes_container_name":"figlet","id":"/kubepods/a"},"values":[[1700000000,"1"],[1700000010,"3"]]},{"metric":{"id":"/kubepods/b"},"values":[[1700000000,"10"]]}]}}""";

    [Fact]
    public void Dfaas_reduction_is_the_mean_of_the_first_series()
    {
        var result = PrometheusClient.Parse(Matrix, HttpStatusCode.OK, "q");

        Assert.Equal("matrix", result.ResultType);
        Assert.Equal(2.0, result.FirstSeriesMean("q"));
        Assert.Equal(12.0, result.SumOfMeans("q"));
        Assert.Equal("figlet", result.Series[0].Labels["container_label_io_kubernetes_container_name"]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000010), result.Series[0].Samples[1].Time);
    }

    [Fact]
    public void Memory_of_two_replicas_is_summed()
    {
        var result = PrometheusClient.Parse("""{"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1,"10000000"]},{"metric":{},"value":[1,"20000000"]}]}}""", HttpStatusCode.OK, "q");

        Assert.Equal(30_000_000, result.SumOfMeans("q"));
    }

    [Fact]
    public void Scalars_special_values_warnings_and_errors()
    {
        var scalar = PrometheusClient.Parse("""{"status":"success","data":{"resultType":"scalar","result":[1,"+Inf"]},"warnings":["partial"]}""", HttpStatusCode.OK, "q");
        Assert.Equal(double.PositiveInfinity, scalar.SumOfMeans("q"));
        Assert.Equal(["partial"], scalar.Warnings);

        var error = Assert.Throws<PrometheusException>(() => PrometheusClient.Parse("""{"status":"error","errorType":"bad_data","error":"parse error at char 3"}""", HttpStatusCode.BadRequest, "1 +"));
        Assert.Equal("bad_data", error.ErrorType);
        Assert.Contains("parse error at char 3 (query: 1 +)", error.Message, StringComparison.Ordinal);

        var empty = PrometheusClient.Parse("""{"status":"success","data":{"resultType":"vector","result":[]}}""", HttpStatusCode.OK, "up");
        Assert.Equal("empty", Assert.Throws<PrometheusException>(() => empty.SumOfMeans("up")).ErrorType);
        Assert.Equal("http", Assert.Throws<PrometheusException>(() => PrometheusClient.Parse("<html>", HttpStatusCode.BadGateway, "up")).ErrorType);
    }

    [Fact]
    public async Task Retries_5xx_then_answers_and_sends_the_query_and_auth()
    {
        var calls = 0;
        string? seen = null, auth = null;
        var (app, url) = await LoopbackHost.StartAsync(a => a.MapGet("/api/v1/query_range", (HttpContext c) =>
        {
            seen = c.Request.QueryString.Value;
            auth = c.Request.Headers.Authorization;
            return ++calls < 3 ? Results.StatusCode(503) : Results.Text(Matrix, "application/json");
        }));
        await using (app)
        {
            using var client = new PrometheusClient(new PrometheusOptions { BaseAddress = url, FirstBackoff = TimeSpan.FromMilliseconds(10), BearerToken = "t0k" });

            var result = await client.QueryRangeAsync("up{job=\"a b\"}", DateTimeOffset.FromUnixTimeSeconds(100), DateTimeOffset.FromUnixTimeSeconds(130), TimeSpan.FromSeconds(10));

            Assert.Equal(3, calls);
            Assert.Equal(2.0, result.FirstSeriesMean("up"));
            Assert.Equal("?query=up%7Bjob%3D%22a%20b%22%7D&start=100&end=130&step=10", seen);
            Assert.Equal("Bearer t0k", auth);
        }
    }

    [Fact]
    public async Task An_unreachable_server_is_a_typed_error_naming_the_address()
    {
        var address = new Uri($"http://127.0.0.1:{ClosedPort.Find()}/");
        using var client = new PrometheusClient(new PrometheusOptions { BaseAddress = address, Attempts = 2, FirstBackoff = TimeSpan.FromMilliseconds(10) });

        var error = await Assert.ThrowsAsync<PrometheusException>(() => client.QueryAsync("up"));

        Assert.Equal("unreachable", error.ErrorType);
        Assert.Contains(address.ToString(), error.Message, StringComparison.Ordinal);
        Assert.False((await client.CheckAsync()).Ready);
    }
}
