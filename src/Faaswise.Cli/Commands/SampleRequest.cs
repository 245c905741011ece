using Faaswise.Metrics.Local;
using Faaswise.Metrics.Prometheus;
using Faaswise.Metrics.Queries;
using Faaswise.OpenFaas.Client;
using Faaswise.Sampling.Running;

namespace Faaswise.Cli.Commands;

/// <summary>A sampling or profiling run as typed values: what <c>sample</c>/<c>profile</c> parse and the quickstart builds.</summary>
internal sealed record SampleRequest
{
    public required SamplingOptions Options { get; init; }

    /// <summary>The dataset directory, absolute.</summary>
    public required string Directory { get; init; }

    /// <summary>OpenFaaS's gateway, or null for the embedded one.</summary>
    public Uri? Gateway { get; init; }

    public GatewayCredentials? Credentials { get; init; }

    /// <summary>Prometheus, or null for the local collector.</summary>
    public PrometheusOptions? Prometheus { get; init; }

    public QueryScope Scope { get; init; } = QueryScope.Dfaas;

    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(15);

    public LinearPowerModel Power { get; init; } = new();

    /// <summary>Also write Parquet copies of the results when the run ends.</summary>
    public bool Parquet { get; init; }

    public bool DryRun { get; init; }

    public bool Json { get; init; }

    public bool Quiet { get; init; }
}
