using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Hosting;
using Faaswise.Kubernetes.Tests.Webhook;
using Faaswise.Qshuf.Policies;
using k8s;
using Microsoft.Extensions.Logging;

namespace Faaswise.Kubernetes.Tests.Controller;

/// <summary>
/// The test cluster with the webhook (placing pods for our scheduler and taking the controllers' intents), function
/// Deployments whose pods run <c>faaswise runtime serve</c> on emulated GPUs, and any number of controller replicas
/// competing for one Lease, each with its router.
/// </summary>
public sealed class ControllerFixture : IAsyncDisposable
{
    public const string Scheduler = "faaswise-scheduler";

    private readonly List<Member> _members = [];

    private ControllerFixture(WebhookFixture hook) => Hook = hook;

    public WebhookFixture Hook { get; }

    public IReadOnlyList<Member> Members => _members;

    /// <summary>Log lines of every member, for failure messages.</summary>
    public ConcurrentQueue<string> Log { get; } = new();

    public static async Task<ControllerFixture> StartAsync(IPlacement placement, string worldYaml, IReadOnlyList<string> functions, int replicas)
    {
        var hook = await WebhookFixture.StartAsync(placement, Scheduler, worldYaml);
        var f = new ControllerFixture(hook);
        await hook.RegisterAsync();
        foreach (var name in functions) await hook.Client.AppsV1.CreateNamespacedDeploymentAsync(WebhookFixture.Function(name, gpuLedgers: hook.LedgerDirectory, replicas: replicas), "openfaas-fn");
        return f;
    }

    /// <summary>Starts a controller replica (and its router) running <paramref name="policy"/>.</summary>
    public async Task<Member> StartControllerAsync(string identity, Func<Policy> policy, TimeSpan? period = null)
    {
        var options = new ControllerOptions
        {
            Identity = identity,
            LeaseNamespace = "faaswise",
            LeaseDuration = TimeSpan.FromSeconds(4),
            RenewDeadline = TimeSpan.FromSeconds(3),
            RetryPeriod = TimeSpan.FromMilliseconds(500),
            Period = period ?? TimeSpan.FromSeconds(1),
            RuntimePoll = TimeSpan.FromMilliseconds(500),
            SchedulerName = Scheduler,
        };
        var logs = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft", LogLevel.Warning).AddProvider(new QueueLogger(Log, identity)));
        var client = new k8s.Kubernetes(new KubernetesClientConfiguration
        {
            Host = Hook.Cluster.Server.HttpsUrl.ToString().TrimEnd('/'), SslCaCerts = [Hook.Cluster.Server.Certificate], DisableHttp2 = true,
        });
        var controller = new QshufController(client, Hook.World, policy, options, logs);
        var member = new Member(identity, controller, logs);
        controller.Applied += member.Outcomes.Enqueue;
        member.Running = controller.RunAsync(member.Stop.Token);
        await controller.Synced.WaitAsync(TimeSpan.FromSeconds(60));
        member.Host = await ControllerHost.StartAsync(controller, "openfaas-fn", new IPEndPoint(IPAddress.Loopback, 0));
        _members.Add(member);
        return member;
    }

    /// <summary>Stops a replica as a crash would end it: no goodbye, its Lease simply stops being renewed.</summary>
    public static async Task KillAsync(Member member)
    {
        await member.Stop.CancelAsync();
        await member.Running;
        await member.Host.DisposeAsync();
        member.Dead = true;
    }

    public async Task<Member> LeaderAsync(TimeSpan patience)
    {
        await Hook.Cluster.WaitUntilAsync(() => _members.Any(m => !m.Dead && m.Controller.Leading), patience, () => "a leader; " + Tail());
        return _members.Single(m => !m.Dead && m.Controller.Leading);
    }

    public string Tail(int lines = 40) => string.Join("\n", Log.TakeLast(lines)) + "\nall pods: " +
        string.Join("; ", Hook.Cluster.Store.List(Faaswise.Kubernetes.Testing.Store.ResourceType.Pods, null).Items.Select(p => $"{Faaswise.Kubernetes.Testing.Store.Metadata.Namespace(p)}/{Faaswise.Kubernetes.Testing.Store.Metadata.Name(p)} deleting={Faaswise.Kubernetes.Testing.Store.Metadata.Deleting(p)} labels={p["metadata"]!["labels"]?.ToJsonString()} node={Faaswise.Kubernetes.Testing.Controllers.PodFacts.Node(p)}")) +
        "\ndeployments: " + string.Join("; ", Hook.Cluster.Store.List(Faaswise.Kubernetes.Testing.Store.ResourceType.Find("apps", "v1", "deployments")!, "openfaas-fn").Items.Select(d => $"{Faaswise.Kubernetes.Testing.Store.Metadata.Name(d)} replicas={d["spec"]?["replicas"]} status={d["status"]?.ToJsonString()}")) +
        "\npods: " +
        string.Join("; ", Hook.Pods().Select(p => $"{Faaswise.Kubernetes.Testing.Store.Metadata.Name(p)} {Faaswise.Kubernetes.Testing.Controllers.PodFacts.Phase(p)} node={Faaswise.Kubernetes.Testing.Controllers.PodFacts.Node(p)} ready={Faaswise.Kubernetes.Testing.Controllers.PodFacts.Ready(p)}")) +
        "\nviews: " + string.Join(" | ", _members.Select(m => m.Identity + ": " + string.Join("; ", m.Controller.Cluster.Pods.Select(p => $"{p.Name} node={p.Node} sched={p.Scheduler} phase={p.Replica.Phase}")) + $" binder={m.Controller.Binder?.Bound}/{m.Controller.Binder?.Unschedulable} pending={m.Controller.Applier?.Pending}")) +
        "\nlogs: " + string.Join("\n", Hook.Pods().Select(p => Faaswise.Kubernetes.Testing.Store.Metadata.Name(p) + ": " + string.Join(" / ", Hook.Cluster.Logs("openfaas-fn", Faaswise.Kubernetes.Testing.Store.Metadata.Name(p)).Split('\n').TakeLast(6)))) +
        "\nrefusals: " + string.Join("; ", Hook.Cluster.Refusals) + "\nerrors: " + string.Join("; ", Hook.Cluster.ControllerErrors);

    public async ValueTask DisposeAsync()
    {
        foreach (var m in _members.Where(m => !m.Dead)) await KillAsync(m);
        foreach (var m in _members) m.Logs.Dispose();
        await Hook.DisposeAsync();
    }

    public sealed class Member(string identity, QshufController controller, ILoggerFactory logs)
    {
        public string Identity { get; } = identity;

        public QshufController Controller { get; } = controller;

        public ILoggerFactory Logs { get; } = logs;

        public ConcurrentQueue<DecisionOutcome> Outcomes { get; } = new();

        public CancellationTokenSource Stop { get; } = new();

        public Task Running { get; set; } = Task.CompletedTask;

        public ControllerHost Host { get; set; } = null!;

        public bool Dead { get; set; }

        public Uri Router => new($"http://{Host.Endpoint}/");
    }

    private sealed class QueueLogger(ConcurrentQueue<string> lines, string identity) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lines.Enqueue($"{Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency:0.000} {identity} {logLevel}: {formatter(state, exception)}");
            while (lines.Count > 2000) lines.TryDequeue(out _);
        }

        public void Dispose()
        {
        }
    }
}
