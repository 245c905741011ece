using System.Net;
using System.Text;
using System.Text.Json;
using Faaswise.OpenFaas.Api;
using Faaswise.OpenFaas.Client;

namespace Faaswise.OpenFaas.Tests.Client;

public sealed class OpenFaasClientTests : IAsyncLifetime
{
    // GET /system/functions as the OpenFaaS gateway documents it (faas-provider FunctionStatus, with usage).
    private const string FunctionList = """
        [
          {
            "name": "nodeinfo",
            "image": "functions/nodeinfo:latest",
            "namespace": "openfaas-fn",
            "invocationCount": 1337,
            "replicas": 2,
            "availableReplicas": 2,
            "envProcess": "node main.js",
            "envVars": {"write_timeout": "10s"},
            "labels": {"com.openfaas.scale.min": "2", "foo": "bar"},
            "annotations": {"topic": "awesome-kafka-topic"},
            "limits": {"memory": "128Mi", "cpu": "500m"},
            "requests": {"memory": "64Mi"},
            "readOnlyRootFilesystem": true,
            "createdAt": "2024-03-01T10:20:30Z",
            "usage": {"cpu": 0.25, "totalMemoryBytes": 12345678}
          },
          {"name": "figlet", "image": "ghcr.io/openfaas/figlet:latest", "invocationCount": 0, "replicas": 1, "availableReplicas": 0}
        ]
        """;

    private const string Info = """
        {"provider":{"provider":"faas-netes","orchestration":"kubernetes","version":{"sha":"7803ea1b","release":"0.16.5"}},
         "version":{"commit_message":"Bump","sha":"4e8a8e1","release":"0.27.0"},"arch":"x86_64"}
        """;

    private FakeGateway _gateway = null!;
    private OpenFaasClient _client = null!;

    public async Task InitializeAsync()
    {
        _gateway = await FakeGateway.StartAsync();
        _client = new OpenFaasClient(new OpenFaasClientOptions { Gateway = _gateway.Url, Credentials = GatewayCredentials.FromValues("admin", "s3cret") });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _gateway.DisposeAsync();
    }

    private static string Basic(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    [Fact]
    public async Task ListFunctions_DocumentedJson_ReadsEveryField()
    {
        _gateway.Answer("GET /system/functions", (200, FunctionList));

        var functions = await _client.ListFunctionsAsync();

        Assert.Equal(2, functions.Count);
        var f = functions[0];
        Assert.Equal(("nodeinfo", "functions/nodeinfo:latest", "openfaas-fn", "node main.js"), (f.Name, f.Image, f.Namespace, f.EnvProcess));
        Assert.Equal((1337.0, 2UL, 2UL), (f.InvocationCount, f.Replicas, f.AvailableReplicas));
        Assert.Equal("2", f.Labels!["com.openfaas.scale.min"]);
        Assert.Equal(new FunctionResources { Memory = "128Mi", Cpu = "500m" }, f.Limits);
        Assert.True(f.ReadOnlyRootFilesystem);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 10, 20, 30, TimeSpan.Zero), f.CreatedAt);
        Assert.Equal(12345678, f.Usage!.TotalMemoryBytes);
        Assert.Equal(0UL, functions[1].AvailableReplicas);
        Assert.Equal(("GET", "/system/functions", Basic("admin", "s3cret")), _gateway.Requests.Select(r => (r.Method, r.Path, r.Authorization)).Single());
    }

    [Fact]
    public async Task Deploy_SendsFaasProviderJsonWithAuthAndWithoutNulls()
    {
        _gateway.Answer("POST /system/functions", (202, ""));
        var deployment = new FunctionDeployment
        {
            Service = "figlet",
            Image = "ghcr.io/openfaas/figlet:latest",
            EnvProcess = "figlet",
            Labels = new Dictionary<string, string> { ["com.openfaas.scale.max"] = "5" },
            Limits = new FunctionResources { Memory = "40Mi" },
        };

        await _client.DeployAsync(deployment);

        var request = _gateway.Requests.Single();
        Assert.Equal(("POST", "/system/functions", Basic("admin", "s3cret")), (request.Method, request.Path, request.Authorization));
        using var json = JsonDocument.Parse(request.Body);
        Assert.Equal(
            """{"service":"figlet","image":"ghcr.io/openfaas/figlet:latest","envProcess":"figlet","labels":{"com.openfaas.scale.max":"5"},"limits":{"memory":"40Mi"}}""",
            JsonSerializer.Serialize(json.RootElement));
    }

    [Fact]
    public async Task UpdateDeleteScale_UseTheDocumentedVerbsPathsAndBodies()
    {
        _gateway.Answer("PUT /system/functions", (202, ""));
        _gateway.Answer("DELETE /system/functions", (202, ""));
        _gateway.Answer("POST /system/scale-function/figlet", (202, ""));

        await _client.UpdateAsync(new FunctionDeployment { Service = "figlet", Image = "figlet:2" });
        await _client.ScaleAsync("figlet", 3, ns: "openfaas-fn");
        await _client.DeleteAsync("figlet");

        Assert.Equal(
        [
            ("PUT", "/system/functions", """{"service":"figlet","image":"figlet:2"}"""),
            ("POST", "/system/scale-function/figlet", """{"serviceName":"figlet","namespace":"openfaas-fn","replicas":3}"""),
            ("DELETE", "/system/functions", """{"functionName":"figlet"}"""),
        ], _gateway.Requests.Select(r => (r.Method, r.Path, r.Body)));
    }

    [Fact]
    public async Task GetFunction_Unknown_ReturnsNull()
    {
        Assert.Null(await _client.GetFunctionAsync("nope"));
        Assert.Equal("/system/function/nope", _gateway.Requests.Single().Path);
    }

    [Fact]
    public async Task GetInfo_DocumentedJson()
    {
        _gateway.Answer("GET /system/info", (200, Info));

        var info = await _client.GetInfoAsync();

        Assert.Equal(("faas-netes", "kubernetes", "0.16.5"), (info.Provider.Name, info.Provider.Orchestration, info.Provider.Version.Release));
        Assert.Equal(("0.27.0", "Bump", "x86_64"), (info.Version.Release, info.Version.CommitMessage, info.Arch));
    }

    [Fact]
    public async Task ErrorStatus_ThrowsWithTheGatewaysReasonAndNoPassword()
    {
        _gateway.Answer("POST /system/functions", (400, "image is required\n"));

        var e = await Assert.ThrowsAsync<OpenFaasException>(() => _client.DeployAsync(new FunctionDeployment { Service = "x", Image = "" }));

        Assert.Equal(HttpStatusCode.BadRequest, e.Status);
        Assert.Equal("deploy x: gateway answered 400 BadRequest: image is required", e.Message);
        Assert.DoesNotContain("s3cret", e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_ReturnsAnyStatusAndSendsNoCredentials()
    {
        _gateway.Answer("POST /function/figlet", (500, "boom"));
        _gateway.Answer("GET /function/env/sub", (200, "PATH=/usr/bin"));

        var failed = await _client.InvokeAsync("figlet", "hi"u8.ToArray());
        var ok = await _client.InvokeAsync("env", ReadOnlyMemory<byte>.Empty, HttpMethod.Get, "sub");

        Assert.Equal((500, "boom"), (failed.StatusCode, failed.Text));
        Assert.Equal((200, "PATH=/usr/bin"), (ok.StatusCode, ok.Text));
        Assert.All(_gateway.Requests, r => Assert.Null(r.Authorization));
        Assert.Equal("hi", _gateway.Requests.First().Body);
    }

    [Fact]
    public async Task WaitUntilReady_PollsUntilReplicasAreAvailable()
    {
        _gateway.Answer("GET /system/function/figlet",
            (404, "not found"),
            (200, """{"name":"figlet","image":"f","replicas":1,"availableReplicas":0}"""),
            (200, """{"name":"figlet","image":"f","replicas":1,"availableReplicas":1}"""));

        var status = await _client.WaitUntilReadyAsync("figlet", TimeSpan.FromSeconds(5), pollInterval: TimeSpan.FromMilliseconds(10));

        Assert.Equal(1UL, status.AvailableReplicas);
        Assert.Equal(3, _gateway.Requests.Count);
    }

    [Fact]
    public async Task WaitUntilReady_NeverReady_TimesOutSayingWhatItSaw()
    {
        _gateway.Answer("GET /system/function/figlet", (200, """{"name":"figlet","image":"f","replicas":2,"availableReplicas":1}"""));

        var e = await Assert.ThrowsAsync<TimeoutException>(() =>
            _client.WaitUntilReadyAsync("figlet", TimeSpan.FromMilliseconds(200), replicas: 2, pollInterval: TimeSpan.FromMilliseconds(20)));

        Assert.Contains("1 of 2 replicas available", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsHealthy_TrueOn200()
    {
        _gateway.Answer("GET /healthz", (200, "OK"));

        Assert.True(await _client.IsHealthyAsync());
    }
}
