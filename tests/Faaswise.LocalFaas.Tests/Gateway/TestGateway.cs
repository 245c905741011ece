using Faaswise.LocalFaas.Gateway;
using Faaswise.OpenFaas.Api;
using Faaswise.OpenFaas.Client;

namespace Faaswise.LocalFaas.Tests.Gateway;

/// <summary>An embedded gateway on a free loopback port whose replicas run the faaswise.dll built beside the tests, and a client for it.</summary>
internal sealed class TestGateway : IAsyncDisposable
{
    public const string Password = "test-password";
    public static readonly TimeSpan Ready = TimeSpan.FromSeconds(60);

    private TestGateway(GatewayHost host, OpenFaasClient client)
    {
        Host = host;
        Client = client;
    }

    public GatewayHost Host { get; }

    public OpenFaasClient Client { get; }

    public Uri Url => Host.Url;

    /// <summary>The command that starts faaswise from the test's output folder.</summary>
    public static IReadOnlyList<string> FaaswiseCommand =>
    [
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet",
        Path.Combine(AppContext.BaseDirectory, "faaswise.dll"),
    ];

    public static async Task<TestGateway> StartAsync(Func<GatewayOptions, GatewayOptions>? configure = null)
    {
        var options = new GatewayOptions { Port = 0, WatchdogCommand = FaaswiseCommand, Autoscaling = false };
        if (configure is not null) options = configure(options);
        var credentials = GatewayCredentials.FromValues("admin", Password);
        var host = await GatewayHost.StartAsync(options, credentials);
        var client = new OpenFaasClient(new OpenFaasClientOptions { Gateway = host.Url, Credentials = credentials, Timeout = TimeSpan.FromSeconds(60) });
        return new TestGateway(host, client);
    }

    public async Task DeployAsync(string name, string image, Dictionary<string, string>? env = null, Dictionary<string, string>? labels = null, ulong replicas = 1)
    {
        await Client.DeployAsync(new FunctionDeployment { Service = name, Image = image, EnvVars = env, Labels = labels });
        await Client.WaitUntilReadyAsync(name, Ready, replicas);
    }

    public IReadOnlyList<(string Id, int Pid)> Replicas(string function) =>
        Host.Replicas().TryGetValue(function, out var r) ? r.Select(x => (x.Id, x.Pid)).ToArray() : [];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
