using System.Security.Cryptography;
using Faaswise.LocalFaas;
using Faaswise.LocalFaas.Builtins;
using Faaswise.LocalFaas.Gateway;
using Faaswise.Metrics;
using Faaswise.Metrics.Local;
using Faaswise.Metrics.Prometheus;
using Faaswise.Metrics.Queries;
using Faaswise.OpenFaas.Client;
using Faaswise.Sampling.Running;

namespace Faaswise.Cli.Commands;

/// <summary>
/// What a sampling run talks to: the embedded gateway started in this process (default) or OpenFaaS at a URL, and the
/// local collector (default) or Prometheus. Checked at start: an unreachable part is bad input, named with its address.
/// </summary>
internal sealed class SamplingEnvironment : IAsyncDisposable
{
    private readonly List<IAsyncDisposable> owned = [];
    private readonly List<IDisposable> disposables = [];

    public required ISamplingPlatform Platform { get; init; }

    public required IMetricsSource Metrics { get; init; }

    /// <summary>The gateway's base URL.</summary>
    public required Uri Gateway { get; init; }

    public static async Task<SamplingEnvironment> StartAsync(
        IReadOnlyList<string> functions, Uri? gateway, GatewayCredentials? login, PrometheusOptions? prometheusOptions, QueryScope scope, TimeSpan scrapeInterval, LinearPowerModel power, CancellationToken cancellation)
    {
        var owned = new List<IAsyncDisposable>();
        var disposables = new List<IDisposable>();
        try
        {
            GatewayCredentials credentials;
            Func<string, string?> imageFor;
            if (gateway is null)
            {
                var unknown = functions.Where(f => BuiltinFunctions.Create(f) is null).ToArray();
                if (unknown.Length > 0)
                {
                    throw new UsageException($"the embedded gateway runs built-in functions only: {string.Join(", ", unknown)} (built-ins: {string.Join(", ", BuiltinFunctions.Names)}); give --gateway URL for others");
                }

                credentials = GatewayCredentials.FromValues("admin", Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)));
                var host = await GatewayHost.StartAsync(new GatewayOptions { Port = 0, WatchdogCommand = SelfCommand.Current() }, credentials, null, cancellation).ConfigureAwait(false);
                owned.Add(host);
                gateway = host.Url;
                imageFor = name => BuiltinFunctions.ImagePrefix + name;
            }
            else
            {
                credentials = login ?? throw new ArgumentNullException(nameof(login), "a gateway needs its credentials");
                imageFor = _ => null;
            }

            var client = new OpenFaasClient(new OpenFaasClientOptions { Gateway = gateway, Credentials = credentials });
            disposables.Add(client);
            if (!await client.IsHealthyAsync(cancellation).ConfigureAwait(false)) throw new UsageException($"the gateway at {gateway} does not answer /healthz");
            try
            {
                await client.ListFunctionsAsync(null, cancellation).ConfigureAwait(false);
            }
            catch (OpenFaasException e)
            {
                throw new UsageException($"the gateway at {gateway} refused the admin API: {e.Message}");
            }

            IMetricsSource metrics;
            if (prometheusOptions is not null)
            {
                var prometheus = prometheusOptions.BaseAddress;
                var prometheusClient = new PrometheusClient(prometheusOptions);
                disposables.Add(prometheusClient);
                try
                {
                    metrics = await PrometheusSource.ConnectAsync(prometheusClient, prometheus, scrapeInterval, power, null, scope, cancellation).ConfigureAwait(false);
                }
                catch (MetricsException e)
                {
                    throw new UsageException(e.Message);
                }
            }
            else
            {
                if (!gateway.IsLoopback) throw new UsageException($"the local collector measures this machine, not {gateway.Host}: give --prometheus URL for a remote gateway");
                var http = new HttpClient { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(5) };
                disposables.Add(http);
                var collector = new LocalCollector(c => http.GetStringAsync(new Uri("metrics", UriKind.Relative), c), power);
                owned.Add(collector);
                metrics = collector;
            }

            var environment = new SamplingEnvironment
            {
                Platform = new OpenFaasPlatform(client, gateway, imageFor, TimeSpan.FromSeconds(120)),
                Metrics = metrics,
                Gateway = gateway,
            };
            environment.owned.AddRange(owned);
            environment.disposables.AddRange(disposables);
            return environment;
        }
        catch
        {
            foreach (var o in Enumerable.Reverse(owned)) await o.DisposeAsync().ConfigureAwait(false);
            foreach (var d in disposables) d.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var o in Enumerable.Reverse(owned)) await o.DisposeAsync().ConfigureAwait(false);
        foreach (var d in disposables) d.Dispose();
    }
}
