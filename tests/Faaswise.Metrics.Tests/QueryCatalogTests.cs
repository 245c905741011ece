using Faaswise.Metrics.Queries;

namespace Faaswise.Metrics.Tests;

public class QueryCatalogTests
{
    [Fact]
    public void Node_queries_are_dfaas_exact_strings()
    {
        Assert.Equal("100 * sum(1 - rate(node_cpu_seconds_total{mode=\"idle\"}[30s]))", QueryCatalog.Dfaas.NodeCpu("30s"));
        Assert.Equal("avg(avg_over_time(node_memory_MemTotal_bytes[30s]) - avg_over_time(node_memory_MemAvailable_bytes[30s]))", QueryCatalog.Dfaas.NodeRam("30s"));
        Assert.Equal(
            "100 * avg(1 - ((avg_over_time(node_memory_MemFree_bytes[30s]) + avg_over_time(node_memory_Cached_bytes[30s]) + avg_over_time(node_memory_Buffers_bytes[30s])) / avg_over_time(node_memory_MemTotal_bytes[30s])))",
            QueryCatalog.Dfaas.NodeRamPercent("30s"));
        Assert.Equal("avg_over_time(scaph_host_power_microwatts[30s])", QueryCatalog.Dfaas.NodePower("30s"));
        Assert.Equal("scaph_host_power_microwatts", QueryCatalog.Dfaas.NodePowerInstant);
    }

    [Fact]
    public void Function_queries_are_dfaas_strings_with_its_two_fixes()
    {
        Assert.Equal("100 * sum(rate(container_cpu_usage_seconds_total{id=~\"^/kubepods.*\",container_label_io_kubernetes_container_name=\"figlet\"}[30s]))", QueryCatalog.Dfaas.FunctionCpu("figlet", "30s"));
        Assert.Equal("avg_over_time(container_memory_usage_bytes{id=~\"^/kubepods.*\", container_label_io_kubernetes_container_name=\"figlet\"}[30s])", QueryCatalog.Dfaas.FunctionRamDfaas("figlet", "30s"));
        Assert.Equal("sum(avg_over_time(container_memory_usage_bytes{id=~\"^/kubepods.*\", container_label_io_kubernetes_container_name=\"figlet\"}[30s]))", QueryCatalog.Dfaas.FunctionRam("figlet", "30s"));
        Assert.Equal("sum(avg_over_time(scaph_process_power_consumption_microwatts{pid=~\"101|202\"}[30s]))", QueryCatalog.Dfaas.FunctionPower([101, 202], "30s"));
    }

    [Fact]
    public void Kepler_and_windows()
    {
        Assert.Equal("1000000 * sum(rate(kepler_node_platform_joules_total[20s]))", QueryCatalog.Dfaas.KeplerNodePower("20s"));
        Assert.Equal("1000000 * sum(rate(kepler_container_joules_total{container_name=\"env\"}[20s]))", QueryCatalog.Dfaas.KeplerFunctionPower("env", "20s"));
        Assert.Equal("27s", QueryCatalog.Window(TimeSpan.FromSeconds(26.6)));
        Assert.Equal("1s", QueryCatalog.Window(TimeSpan.FromMilliseconds(10)));
        Assert.Contains("name=\"a\\\"b\"", QueryCatalog.Dfaas.FunctionCpu("a\"b", "1s"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_scope_narrows_every_query_to_one_node_and_namespace_with_kubelet_label_names()
    {
        var queries = new QueryCatalog(new QueryScope
        {
            Node = LabelMatchers.Parse("instance=\"node1:9100\""),
            Containers = LabelMatchers.Parse("node=\"node1\""),
            Labels = ContainerLabels.Kubelet,
            Namespace = "openfaas-fn",
        });

        Assert.Equal("100 * sum(1 - rate(node_cpu_seconds_total{mode=\"idle\",instance=\"node1:9100\"}[30s]))", queries.NodeCpu("30s"));
        Assert.Equal("count(node_cpu_seconds_total{mode=\"idle\",instance=\"node1:9100\"})", queries.NodeCores);
        Assert.Equal("avg_over_time(scaph_host_power_microwatts{instance=\"node1:9100\"}[30s])", queries.NodePower("30s"));
        Assert.Contains("node_memory_MemAvailable_bytes{instance=\"node1:9100\"}[30s]", queries.NodeRam("30s"), StringComparison.Ordinal);
        Assert.Equal("100 * sum(rate(container_cpu_usage_seconds_total{container=\"figlet\",namespace=\"openfaas-fn\",node=\"node1\"}[30s]))", queries.FunctionCpu("figlet", "30s"));
        Assert.Equal("sum(avg_over_time(container_memory_usage_bytes{container=\"figlet\",namespace=\"dev\",node=\"node1\"}[30s]))", queries.FunctionRam("figlet.dev", "30s"));
        Assert.Equal("1000000 * sum(rate(kepler_container_joules_total{container_name=\"figlet\",container_namespace=\"openfaas-fn\",node=\"node1\"}[30s]))", queries.KeplerFunctionPower("figlet", "30s"));
    }

    [Fact]
    public void Cadvisor_label_names_keep_dfaas_selectors_and_add_the_pod_namespace()
    {
        var queries = new QueryCatalog(new QueryScope { Namespace = "openfaas-fn" });

        Assert.Equal(
            "100 * sum(rate(container_cpu_usage_seconds_total{id=~\"^/kubepods.*\",container_label_io_kubernetes_container_name=\"figlet\",container_label_io_kubernetes_pod_namespace=\"openfaas-fn\"}[30s]))",
            queries.FunctionCpu("figlet", "30s"));
    }

    [Theory]
    [InlineData("instance=\"a:1\"", "instance=\"a:1\"")]
    [InlineData("{ job =~ \"node.*\" , node != \"b\" }", "job=~\"node.*\",node!=\"b\"")]
    [InlineData("name=\"with \\\" quote, and comma\"", "name=\"with \\\" quote, and comma\"")]
    [InlineData("", "")]
    public void Label_matchers_parse_and_normalise(string text, string expected) => Assert.Equal(expected, LabelMatchers.Parse(text).ToString());

    [Theory]
    [InlineData("instance")]
    [InlineData("instance=a")]
    [InlineData("1abc=\"x\"")]
    [InlineData("a=\"x\" b=\"y\"")]
    [InlineData("a==\"x\"")]
    public void Malformed_label_matchers_are_refused(string text)
    {
        var error = Assert.Throws<FormatException>(() => LabelMatchers.Parse(text));
        Assert.Contains("label matchers", error.Message, StringComparison.Ordinal);
    }
}
