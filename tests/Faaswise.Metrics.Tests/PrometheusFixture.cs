using Faaswise.Testing;

namespace Faaswise.Metrics.Tests;

/// <summary>One real Prometheus for the tests of a class.</summary>
public sealed class PrometheusFixture : IAsyncLifetime
{
    private PrometheusServer? server;

    public static readonly TimeSpan ScrapeInterval = PrometheusServer.ScrapeInterval;

    public Uri Address => server!.Address;

    public async Task InitializeAsync() => server = await PrometheusServer.StartAsync();

    public Task DisposeAsync()
    {
        server?.Dispose();
        return Task.CompletedTask;
    }
}
