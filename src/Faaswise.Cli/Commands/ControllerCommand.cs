using System.CommandLine;
using System.Net;
using Faaswise.Kubernetes.Control;
using Faaswise.Kubernetes.Hosting;
using Faaswise.Load.Units;
using Faaswise.Metrics.Prometheus;
using Faaswise.Qshuf.Policies;
using k8s;
using Microsoft.Extensions.Logging;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise qshuf controller</c>: the scheduler, scaler, shuffler and router, led by a Lease.</summary>
internal static class ControllerCommand
{
    public static Command Create(CliConsole console)
    {
        var world = new Option<string>("--world") { Description = "The cluster world (nodes, GPU UUIDs, models, functions): a YAML file or a shipped cluster name", DefaultValueFactory = _ => "default" };
        var policy = new Option<string>("--policy") { Description = $"Policy: {string.Join(", ", PolicyCatalog.Names)}", DefaultValueFactory = _ => "qshuf-mem" };
        var admission = new Option<string>("--admission") { Description = $"Admission rule: {string.Join(", ", PolicyCatalog.Admissions)}", DefaultValueFactory = _ => "none" };
        var fnNamespace = new Option<string>("--function-namespace") { Description = "The namespace of the function pods", DefaultValueFactory = _ => "openfaas-fn" };
        var listen = new Option<string>("--listen") { Description = "Address of the router, /healthz, /readyz, /metrics and the scheduler extender", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "Their port; 0 picks a free one", DefaultValueFactory = _ => 8080 };
        var scheduler = new Option<string>("--scheduler-name") { Description = "Bind pods with this spec.schedulerName; 'none': no scheduler", DefaultValueFactory = _ => "faaswise-scheduler" };
        var identity = new Option<string>("--identity") { Description = "This replica's name in the Lease and in Events [default: $POD_NAME, else the host name]" };
        var noElection = new Option<bool>("--no-leader-election") { Description = "Lead at once (one replica only)" };
        var leaseNamespace = new Option<string>("--lease-namespace") { Description = "Namespace of the Lease", DefaultValueFactory = _ => "faaswise" };
        var period = new Option<string?>("--period") { Description = "Control period, as in 5s [default: the policy's]" };
        var direct = new Option<bool>("--direct-control") { Description = "Call the runtimes at their pod IPs, not through the API server's pod proxy" };
        var prometheusLogin = new PrometheusLogin();
        var prometheus = new Option<string?>("--prometheus") { Description = "Read the functions' rates from the OpenFaaS gateway's metrics in this Prometheus (QShuf's queries, fixed) [default: count them in the router]" };
        var decisions = new Option<string?>("--decisions") { Description = "Append every decision's outcome to this CSV (decisions.csv's columns, then effect_s and attempts)" };
        var inCluster = new Option<bool>("--in-cluster") { Description = "Use the pod's service account" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Kubeconfig file [default: $KUBECONFIG, else ~/.kube/config]" };
        var verbose = new Option<bool>("--verbose") { Description = "Log every decision applied, not only refusals" };
        var command = new Command("controller", "Run QShuf's controllers until Ctrl-C: the scheduler (pods/binding), the policy's scaler and shuffler " +
            "(applied through the runtimes' control API and the Deployments), and the router (/function/NAME/...). Replicas elect a leader with a Lease.")
        {
            world, policy, admission, fnNamespace, listen, port, scheduler, identity, noElection, leaseNamespace, period, direct, prometheus, prometheusLogin.User, prometheusLogin.PasswordFile, prometheusLogin.TokenFile, decisions, inCluster, kubeconfig, verbose,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var clusterWorld = SimulateCommand.LoadCluster(parse.GetValue(world)!, "--world");
            var name = parse.GetValue(policy)!;
            if (!PolicyCatalog.Names.Contains(name)) throw new UsageException($"--policy '{name}' is unknown ({string.Join(", ", PolicyCatalog.Names)})");
            if (!PolicyCatalog.Admissions.Contains(parse.GetValue(admission)!)) throw new UsageException($"--admission '{parse.GetValue(admission)}' is unknown ({string.Join(", ", PolicyCatalog.Admissions)})");

            var address = IPAddress.TryParse(parse.GetValue(listen), out var a) ? a : throw new UsageException($"--listen '{parse.GetValue(listen)}' is not an IP address");
            var controlPeriod = parse.GetValue(period) is { } p
                ? DurationOption.Parse("--period", p)
                : (TimeSpan?)null;
            var prometheusUrl = UrlOption.Parse("--prometheus", parse.GetValue(prometheus));
            var options = new ControllerOptions
            {
                Namespace = parse.GetValue(fnNamespace)!,
                Identity = parse.GetValue(identity) ?? Environment.GetEnvironmentVariable("POD_NAME") ?? Environment.MachineName,
                LeaderElection = !parse.GetValue(noElection),
                LeaseNamespace = parse.GetValue(leaseNamespace)!,
                Period = controlPeriod,
                SchedulerName = parse.GetValue(scheduler) is "none" or "" ? null : parse.GetValue(scheduler),
                DirectControl = parse.GetValue(direct),
            };
            if (parse.GetValue(decisions) is { } csvPath && Path.GetDirectoryName(Path.GetFullPath(csvPath)) is { } csvDir && !Directory.Exists(csvDir))
            {
                throw new UsageException($"--decisions {csvPath}: the directory {csvDir} does not exist");
            }

            var config = KubeConfig.Load(parse.GetValue(inCluster), parse.GetValue(kubeconfig), fallBack: true)!;
            using var client = new k8s.Kubernetes(config);
            using var logs = StderrLoggerProvider.Factory(console.Error, "controller", parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning);
            using var prometheusClient = prometheusUrl is null ? null : new PrometheusClient(prometheusLogin.For(parse, prometheusUrl));
            var rates = prometheusClient is null ? null : new PrometheusRates(prometheusClient, clusterWorld, options.Namespace);
            var controller = QshufController.For(client, clusterWorld, name, parse.GetValue(admission)!, options, logs, rates);
            using var csv = parse.GetValue(decisions) is { } file ? new OutcomeCsv(file, clusterWorld) : null;
            if (csv is not null) controller.Applied += csv.Write;
            var metrics = ControllerHost.MetricsFor(controller);
            var running = controller.RunAsync(cancellation);
            await Task.WhenAny(controller.Synced, running, Task.Delay(TimeSpan.FromSeconds(30), cancellation)).ConfigureAwait(false);
            if (!controller.Synced.IsCompleted)
            {
                await running.ConfigureAwait(false);
                if (cancellation.IsCancellationRequested) return ExitCodes.Interrupted;
                await console.Error.WriteLineAsync($"faaswise: could not list the pods of {options.Namespace} and the nodes within 30 s; check the kubeconfig and the service account's RBAC").ConfigureAwait(false);
                return ExitCodes.RuntimeFailure;
            }

            await using var host = await ControllerHost.StartAsync(controller, options.Namespace, new IPEndPoint(address, parse.GetValue(port)), metrics).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"controller {options.Identity}: policy {name} on {clusterWorld.Gpus.Count} GPUs of {clusterWorld.Nodes.Count} nodes; " +
                $"router, /readyz and /metrics on http://{host.Endpoint}; scheduler {options.SchedulerName ?? "off"}; " +
                (options.LeaderElection ? $"leader election on Lease {options.LeaseNamespace}/{options.LeaseName}" : "leading alone")).ConfigureAwait(false);
            await running.ConfigureAwait(false);
            await console.Out.WriteLineAsync($"controller: stopped after {controller.Terms} terms as leader").ConfigureAwait(false);
            return cancellation.IsCancellationRequested ? ExitCodes.Interrupted : ExitCodes.Success;
        });
        return command;
    }
}
