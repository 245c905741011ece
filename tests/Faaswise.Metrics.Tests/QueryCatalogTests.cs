using Faaswise.Metrics.Queries;

namespace Faaswise.Metrics.Tests;

public class QueryCatalogTests
{
    [Fact]
    public void Node_queries_are_dfaas_exact_strings()
    {
        Assert.Equal("100 * sum(1 - rate(node_cpu_seconds_total{mode=\"idle\"}[30s]))", QueryCatalog.NodeCpu("30s"));
        Assert.Equal("avg(avg_over_time(node_memory_MemTotal_bytes[30s]) - avg_over_time(node_memory_MemAvailable_bytes[30s]))", QueryCatalog.NodeRam("30s"));
        Assert.Equal(
            "100 * avg(1 - ((avg_over_time(node_memory_MemFree_bytes[30s]) + avg_over_time(node_memory_Cached_bytes[30s]) + avg_over_time(node_memory_Buffers_bytes[30s])) / avg_over_time(node_memory_MemTotal_bytes[30s])))",
            QueryCatalog.NodeRamPercent("30s"));
        Assert.Equal("avg_over_time(scaph_host_power_microwatts[30s])", QueryCatalog.NodePower("30s"));
        Assert.Equal("scaph_host_power_microwatts", QueryCatalog.NodePowerInstant);
    }

    [Fact]
    public void Function_queries_are_dfaas_strings_with_its_two_fixes()
    {
        Assert.Equal("100 * sum(rate(container_cpu_usage_seconds_total{id=~\"^/kubepods.*\",container_label_io_kubernetes_container_name=\"figlet\"}[30s]))", QueryCatalog.FunctionCpu("figlet", "30s"));
        Assert.Equal("avg_over_time(container_memory_usage_bytes{id=~\"^/kubepods.*\", container_label_io_kubernetes_container_name=\"figlet\"}[30s])", QueryCatalog.FunctionRamDfaas("figlet", "30s"));
        Assert.Equal("sum(avg_over_time(container_memory_usage_bytes{id=~\"^/kubepods.*\", container_label_io_kubernetes_container_name=\"figlet\"}[30s]))", QueryCatalog.FunctionRam("figlet", "30s"));
        Assert.Equal("sum(avg_over_time(scaph_process_power_consumption_microwatts{pid=~\"101|202\"}[30s]))", QueryCatalog.FunctionPower([101, 202], "30s"));
    }

    [Fact]
    public void Kepler_and_windows()
    {
        Assert.Equal("1000000 * sum(rate(kepler_node_platform_joules_total[20s]))", QueryCatalog.KeplerNodePower("20s"));
        Assert.Equal("1000000 * sum(rate(kepler_container_joules_total{container_name=\"env\"}[20s]))", QueryCatalog.KeplerFunctionPower("env", "20s"));
        Assert.Equal("27s", QueryCatalog.Window(TimeSpan.FromSeconds(26.6)));
        Assert.Equal("1s", QueryCatalog.Window(TimeSpan.FromMilliseconds(10)));
        Assert.Contains("name=\"a\\\"b\"", QueryCatalog.FunctionCpu("a\"b", "1s"), StringComparison.Ordinal);
    }
}
