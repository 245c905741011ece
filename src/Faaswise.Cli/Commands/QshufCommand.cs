using System.CommandLine;
using System.Net;
using Faaswise.Kubernetes;
using Faaswise.Kubernetes.Admission;
using Faaswise.Kubernetes.Certificates;
using Faaswise.Kubernetes.Hosting;
using Faaswise.Kubernetes.Informers;
using Faaswise.Kubernetes.Manifests;
using Faaswise.Qshuf.Policies;
using k8s;
using Microsoft.Extensions.Logging;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise qshuf webhook|controller|certs|manifests</c>: QShuf on Kubernetes.</summary>
internal static class QshufCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("qshuf", "QShuf on Kubernetes: the admission webhook that places GPU inference pods, the controller (scheduler, scaler, shuffler, router), certificates and manifests.");
        command.Subcommands.Add(Webhook(console));
        command.Subcommands.Add(ControllerCommand.Create(console));
        command.Subcommands.Add(Certs(console));
        command.Subcommands.Add(Manifests(console));
        return command;
    }

    private static Command Webhook(CliConsole console)
    {
        var world = new Option<string>("--world") { Description = "The cluster world (nodes, GPU UUIDs, models, functions): a YAML file or a shipped cluster name", DefaultValueFactory = _ => "default" };
        var policy = new Option<string>("--policy") { Description = $"Placement policy: {string.Join(", ", PolicyCatalog.Names)}", DefaultValueFactory = _ => "qshuf-mem" };
        var tls = new Option<string>("--tls-dir") { Description = "Directory with tls.crt and tls.key (re-read when they change)", Required = true };
        var listen = new Option<string>("--listen") { Description = "Address to listen on", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "HTTPS port; 0 picks a free one", DefaultValueFactory = _ => 8443 };
        var fnNamespace = new Option<string>("--function-namespace") { Description = "The namespace whose pods it places", DefaultValueFactory = _ => "openfaas-fn" };
        var binding = new Option<string>("--gpu-binding") { Description = "env-pin (NVIDIA_VISIBLE_DEVICES=UUID, QShuf's), whole-gpu (nvidia.com/gpu: 1) or env-pin-with-request", DefaultValueFactory = _ => "env-pin" };
        var scheduler = new Option<string?>("--scheduler-name") { Description = "Set spec.schedulerName (faaswise qshuf controller binds) instead of a nodeSelector for the default scheduler; 'none': a nodeSelector" };
        var models = new Option<string?>("--model-host-path") { Description = "Host directory of the models, mounted read-only at /models; empty: none", DefaultValueFactory = _ => "/sharing/model" };
        var denyUnknown = new Option<bool>("--deny-unknown") { Description = "Deny pods of functions the world does not list (default: allow them unplaced, with a warning)" };
        var allowUnplaceable = new Option<bool>("--allow-unplaceable") { Description = "Allow, unplaced, pods no GPU has room for (default: deny them with the reason)" };
        var inCluster = new Option<bool>("--in-cluster") { Description = "Watch pods with the pod's service account" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "Watch pods with this kubeconfig (default: count only the pods this webhook admitted)" };
        var command = new Command("webhook", "Serve the mutating admission webhook (POST /mutate, HTTPS) until Ctrl-C.")
        {
            world, policy, tls, listen, port, fnNamespace, binding, scheduler, models, denyUnknown, allowUnplaceable, inCluster, kubeconfig,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var clusterWorld = SimulateCommand.LoadCluster(parse.GetValue(world)!, "--world");
            var placement = PolicyCatalog.Create(parse.GetValue(policy)!)?.Placement
                ?? throw new UsageException($"--policy '{parse.GetValue(policy)}' is unknown ({string.Join(", ", PolicyCatalog.Names)})");
            var dir = parse.GetValue(tls)!;
            if (!File.Exists(Path.Combine(dir, WebhookCertificates.CertFile))) throw new UsageException($"--tls-dir {dir} has no {WebhookCertificates.CertFile} (make one with faaswise qshuf certs)");
            var address = IPAddress.TryParse(parse.GetValue(listen), out var a) ? a : throw new UsageException($"--listen '{parse.GetValue(listen)}' is not an IP address");
            var options = new WebhookOptions
            {
                Namespace = parse.GetValue(fnNamespace)!,
                Binding = parse.GetValue(binding) switch
                {
                    "env-pin" => GpuBinding.EnvPin,
                    "whole-gpu" => GpuBinding.WholeGpu,
                    "env-pin-with-request" => GpuBinding.EnvPinWithRequest,
                    var other => throw new UsageException($"--gpu-binding '{other}' is not env-pin, whole-gpu or env-pin-with-request"),
                },
                SchedulerName = parse.GetValue(scheduler) is { Length: > 0 } named and not "none" ? named : null,
                ModelHostPath = parse.GetValue(models) is { Length: > 0 } m ? m : null,
                DenyUnknown = parse.GetValue(denyUnknown),
                DenyUnplaceable = !parse.GetValue(allowUnplaceable),
            };
            var ledger = new PlacementLedger(clusterWorld, TimeProvider.System, options.AssumeFor);
            using var client = KubeConfig.Load(parse.GetValue(inCluster), parse.GetValue(kubeconfig), fallBack: false) is { } config ? new k8s.Kubernetes(config) : null;
            var intents = new IntentBook(client is null ? null : DeploymentFetch.Of(client, options.Namespace));
            var handler = new AdmissionHandler(placement, ledger, options, intents);
            using var certificate = new ReloadingCertificate(dir);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            var informer = client is null ? null
                : new Informer(InformerSource.Pods(client, options.Namespace, $"{PodLabels.OptIn}=true"), ledger.Reset, ledger.Observe, ledger.Forget);
            var deployments = client is null ? null : new Informer(InformerSource.Deployments(client, options.Namespace), intents.Reset, intents.Observe, intents.Forget);
            var watching = Task.WhenAll(informer?.RunAsync(stop.Token) ?? Task.CompletedTask, deployments?.RunAsync(stop.Token) ?? Task.CompletedTask);
            if (informer is not null && deployments is not null)
            {
                // Admitting before the first list would place against an empty cluster and double-book its GPUs.
                var synced = Task.WhenAll(informer.Synced, deployments.Synced);
                await Task.WhenAny(synced, Task.Delay(TimeSpan.FromSeconds(30), cancellation)).ConfigureAwait(false);
                if (!synced.IsCompleted)
                {
                    await stop.CancelAsync().ConfigureAwait(false);
                    await watching.ConfigureAwait(false);
                    if (cancellation.IsCancellationRequested) return ExitCodes.Interrupted;
                    await console.Error.WriteLineAsync($"faaswise: could not list the pods and deployments of {options.Namespace} within 30 s; check --kubeconfig and the service account's RBAC").ConfigureAwait(false);
                    return ExitCodes.RuntimeFailure;
                }
            }

            await using var server = await WebhookServer.StartAsync(handler, certificate, new IPEndPoint(address, parse.GetValue(port)),
                new StderrLoggerProvider(console.Error, "webhook", LogLevel.Warning)).ConfigureAwait(false);
            await console.Out.WriteLineAsync($"webhook: https://{server.Endpoint}/mutate, placing {options.Namespace} pods labelled {PodLabels.OptIn}=true with {parse.GetValue(policy)} on {clusterWorld.Gpus.Count} GPUs of {clusterWorld.Nodes.Count} nodes{(informer is null ? "; no informer: counts only the pods it admits" : "")}").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await watching.ConfigureAwait(false);
            await console.Out.WriteLineAsync($"webhook: stopped after placing {handler.Admitted} pods").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Certs(CliConsole console)
    {
        var output = new Option<string>("--out") { Description = "Directory for ca.crt, ca.key, tls.crt, tls.key; a CA already there is kept (a rotation)", Required = true };
        var service = new Option<string>("--service") { Description = "The webhook's Service name", DefaultValueFactory = _ => "faaswise-webhook" };
        var ns = new Option<string>("--namespace") { Description = "The webhook's namespace", DefaultValueFactory = _ => "faaswise" };
        var ips = new Option<string[]>("--ip") { Description = "IP addresses to add to the certificate (for a webhook reached by URL)", AllowMultipleArgumentsPerToken = true };
        var days = new Option<int>("--days") { Description = "Validity of the serving certificate, days", DefaultValueFactory = _ => 365 };
        var command = new Command("certs", "Make the webhook's CA and serving certificate, or rotate the serving certificate under the same CA.") { output, service, ns, ips, days };
        command.SetAction(async (parse, _) =>
        {
            var addresses = (parse.GetValue(ips) ?? []).Select(i => IPAddress.TryParse(i, out var a) ? a : throw new UsageException($"--ip '{i}' is not an IP address")).ToList();
            if (parse.GetValue(days) is < 1 or > 3650) throw new UsageException("--days must be 1-3650");
            var dir = parse.GetValue(output)!;
            var rotated = WebhookCertificates.Write(dir, parse.GetValue(service)!, parse.GetValue(ns)!, addresses, TimeSpan.FromDays(parse.GetValue(days)));
            var names = string.Join(", ", WebhookCertificates.ServiceNames(parse.GetValue(service)!, parse.GetValue(ns)!).Concat(addresses.Select(a => a.ToString())));
            await console.Out.WriteLineAsync(rotated
                ? $"certs: new serving certificate in {dir} under the existing CA (the caBundle is unchanged) for {names}"
                : $"certs: new CA and serving certificate in {dir} for {names}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Manifests(CliConsole console)
    {
        var certs = new Option<string?>("--certs") { Description = "Directory made by faaswise qshuf certs (default: new certificates in a temporary directory)" };
        var world = new Option<string>("--world") { Description = "The cluster world: a YAML file or a shipped cluster name", DefaultValueFactory = _ => "default" };
        var policy = new Option<string>("--policy") { Description = $"Policy of the webhook and the controller: {string.Join(", ", PolicyCatalog.Names)}", DefaultValueFactory = _ => "qshuf-mem" };
        var schedulerName = new Option<string>("--scheduler-name") { Description = "The scheduler name placed pods get and the controller binds; 'none': the default scheduler, pinned by a nodeSelector", DefaultValueFactory = _ => "faaswise-scheduler" };
        var image = new Option<string>("--image") { Description = "Image with the faaswise binary", DefaultValueFactory = _ => new ManifestOptions().Image };
        var failure = new Option<string>("--failure-policy") { Description = "Fail: QShuf pods wait while the webhook is down; Ignore: they start unplaced", DefaultValueFactory = _ => "Fail" };
        var timeout = new Option<int>("--timeout-seconds") { Description = "The API server's wait for an answer, 1-30 s", DefaultValueFactory = _ => 5 };
        var fnNamespace = new Option<string>("--function-namespace") { Description = "The namespace whose pods it places", DefaultValueFactory = _ => "openfaas-fn" };
        var command = new Command("manifests", "Write QShuf's deployable YAML to stdout: the webhook (namespace, RBAC, TLS Secret, Deployment, Service, " +
            "MutatingWebhookConfiguration) and the controller (RBAC, Deployment of two replicas with leader election, the router's Service).")
        {
            certs, world, policy, schedulerName, image, failure, timeout, fnNamespace,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            if (parse.GetValue(failure) is not ("Fail" or "Ignore")) throw new UsageException("--failure-policy must be Fail or Ignore");
            if (parse.GetValue(timeout) is < 1 or > 30) throw new UsageException("--timeout-seconds must be 1-30");
            if (PolicyCatalog.Create(parse.GetValue(policy)!) is null) throw new UsageException($"--policy '{parse.GetValue(policy)}' is unknown ({string.Join(", ", PolicyCatalog.Names)})");
            var worldValue = parse.GetValue(world)!;
            SimulateCommand.LoadCluster(worldValue, "--world");
            var options = new ManifestOptions
            {
                Image = parse.GetValue(image)!, FailurePolicy = parse.GetValue(failure)!, TimeoutSeconds = parse.GetValue(timeout), Policy = parse.GetValue(policy)!,
                FunctionNamespace = parse.GetValue(fnNamespace)!,
                SchedulerName = parse.GetValue(schedulerName) is { Length: > 0 } sn ? sn : throw new UsageException("--scheduler-name must not be empty ('none' for the default scheduler)"),
                WorldYaml = File.Exists(worldValue) ? await File.ReadAllTextAsync(worldValue, cancellation).ConfigureAwait(false) : Faaswise.Qshuf.World.Catalogues.Text(worldValue)!,
            };
            var dir = parse.GetValue(certs);
            var temporary = dir is null;
            dir ??= Directory.CreateTempSubdirectory("faaswise-certs-").FullName;
            try
            {
                if (temporary)
                {
                    WebhookCertificates.Write(dir, options.Service, options.Namespace, [], TimeSpan.FromDays(365));
                    await console.Error.WriteLineAsync("manifests: made a new CA and serving certificate; the CA key is not kept (make them with faaswise qshuf certs and pass --certs to rotate later)").ConfigureAwait(false);
                }
                else if (!File.Exists(Path.Combine(dir, WebhookCertificates.CaCertFile))) throw new UsageException($"--certs {dir} has no {WebhookCertificates.CaCertFile} (make it with faaswise qshuf certs)");
                await console.Out.WriteAsync(ManifestWriter.Yaml(options, dir)).ConfigureAwait(false);
            }
            finally
            {
                if (temporary) Directory.Delete(dir, recursive: true);
            }

            return ExitCodes.Success;
        });
        return command;
    }
}
