using Faaswise.Testing;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Faaswise.OpenFaas.Api;
using Faaswise.OpenFaas.Client;

namespace Faaswise.LocalFaas.Tests.Gateway;

[Collection(GatewayProcesses.Name)]
public class GatewayApiTests
{
    [Fact]
    public async Task Client_DeployInvokeScaleDelete_AgainstEmbeddedGateway()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.DeployAsync("echo", "faaswise/echo", labels: new() { ["team"] = "perf" });

        var result = await gw.Client.InvokeAsync("echo", Encoding.UTF8.GetBytes("ping"), path: "sub/path");
        Assert.Equal((200, "ping"), (result.StatusCode, result.Text));

        var listed = Assert.Single(await gw.Client.ListFunctionsAsync());
        Assert.Equal(("echo", "faaswise/echo", "openfaas-fn", 1UL, 1UL), (listed.Name, listed.Image, listed.Namespace, listed.Replicas, listed.AvailableReplicas));
        Assert.Equal("perf", listed.Labels!["team"]);
        Assert.Equal(1, listed.InvocationCount);
        Assert.True(listed.Usage!.TotalMemoryBytes > 1 << 20, $"memory {listed.Usage.TotalMemoryBytes}");

        await gw.Client.ScaleAsync("echo", 2);
        var scaled = await gw.Client.WaitUntilReadyAsync("echo", TestGateway.Ready, replicas: 2);
        Assert.Equal(2UL, scaled.Replicas);
        Assert.Equal(2, gw.Replicas("echo").Select(r => r.Pid).Distinct().Count());

        var pids = gw.Replicas("echo").Select(r => r.Pid).ToArray();
        await gw.Client.DeleteAsync("echo");
        Assert.Null(await gw.Client.GetFunctionAsync("echo"));
        Assert.True(await ProcessProbe.WaitUntilGoneAsync(pids, TimeSpan.FromSeconds(10)), "replicas of a deleted function still run");
        Assert.Equal(404, (await gw.Client.InvokeAsync("echo", Array.Empty<byte>())).StatusCode);
    }

    [Fact]
    public async Task Info_And_Health_AnswerAsOpenFaas()
    {
        await using var gw = await TestGateway.StartAsync();
        var info = await gw.Client.GetInfoAsync();
        Assert.Equal(("faaswise-localfaas", "process"), (info.Provider.Name, info.Provider.Orchestration));
        Assert.True(await gw.Client.IsHealthyAsync());
    }

    [Fact]
    public async Task Invocations_CarryOpenFaasTracingHeaders_ToTheReplicaAndBack()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.Client.DeployAsync(new FunctionDeployment { Service = "env", Image = "faaswise/env" });
        using var http = new HttpClient { BaseAddress = gw.Url };

        using var given = new HttpRequestMessage(HttpMethod.Post, "/function/env") { Content = new ByteArrayContent([]) };
        given.Headers.Add("X-Call-Id", "call-42");
        using var answered = await SendUntilServedAsync(http, given);
        using var fresh = await SendUntilServedAsync(http, new HttpRequestMessage(HttpMethod.Post, "/function/env") { Content = new ByteArrayContent([]) });
        using var missing = await http.PostAsync(new Uri("/function/nothing", UriKind.Relative), null);

        Assert.Equal("call-42", answered.Headers.GetValues("X-Call-Id").Single());
        var body = await answered.Content.ReadAsStringAsync();
        Assert.Contains("Http_X_Call_Id=call-42", body, StringComparison.Ordinal);
        Assert.Contains("Http_X_Start_Time=", body, StringComparison.Ordinal);
        Assert.True(double.Parse(answered.Headers.GetValues("X-Duration-Seconds").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.True(Guid.TryParse(fresh.Headers.GetValues("X-Call-Id").Single(), out _));
        Assert.Single(missing.Headers.GetValues("X-Call-Id"));
    }

    [Fact]
    public async Task OneNamespace_AsOpenFaasCe_OthersAreRefusedWithTheReason()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.DeployAsync("echo", "faaswise/echo");
        using var http = new HttpClient { BaseAddress = gw.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + TestGateway.Password)));
        const string Reason = "namespace dev is not served here: this gateway serves openfaas-fn only, as OpenFaaS CE does";

        Assert.Equal("[\"openfaas-fn\"]", await http.GetStringAsync(new Uri("/system/namespaces", UriKind.Relative)));
        Assert.Single(await gw.Client.ListFunctionsAsync("openfaas-fn"));
        using var otherList = await http.GetAsync(new Uri("/system/functions?namespace=dev", UriKind.Relative));
        using var qualified = await http.PostAsync(new Uri("/function/echo.openfaas-fn", UriKind.Relative), new StringContent("ping"));
        using var otherCall = await http.PostAsync(new Uri("/function/echo.dev", UriKind.Relative), new StringContent("ping"));
        using var otherDeploy = await http.PostAsync(new Uri("/system/functions", UriKind.Relative),
            new StringContent("""{"service": "echo2", "image": "faaswise/echo", "namespace": "dev"}""", Encoding.UTF8, "application/json"));

        Assert.Equal((HttpStatusCode.BadRequest, Reason + "\n"), (otherList.StatusCode, await otherList.Content.ReadAsStringAsync()));
        Assert.Equal((HttpStatusCode.OK, "ping"), (qualified.StatusCode, await qualified.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.NotFound, otherCall.StatusCode);
        Assert.Contains(Reason, await otherCall.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, Reason + "\n"), (otherDeploy.StatusCode, await otherDeploy.Content.ReadAsStringAsync()));
        Assert.Null(await gw.Client.GetFunctionAsync("echo2"));
    }

    [Fact]
    public async Task AsyncFunction_Accepts202_ThenPostsTheAnswerToTheCallbackUrl()
    {
        await using var gw = await TestGateway.StartAsync();
        await using var receiver = await LoopbackServer.StartAsync();
        await gw.Client.DeployAsync(new FunctionDeployment { Service = "echo", Image = "faaswise/echo" });
        await gw.Host.WaitUntilReadyAsync(TestGateway.Ready);
        using var http = new HttpClient { BaseAddress = gw.Url };

        using var request = new HttpRequestMessage(HttpMethod.Post, "/async-function/echo") { Content = new StringContent("ping") };
        request.Headers.Add("X-Callback-Url", receiver.Url("/callback").ToString());
        request.Headers.Add("X-Call-Id", "async-1");
        using var accepted = await http.SendAsync(request);
        using var unknown = await http.PostAsync(new Uri("/async-function/nothing", UriKind.Relative), new StringContent("x"));
        using var badCallback = new HttpRequestMessage(HttpMethod.Post, "/async-function/echo") { Content = new StringContent("x") };
        badCallback.Headers.Add("X-Callback-Url", "ftp://nowhere/");
        using var refused = await http.SendAsync(badCallback);

        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        Assert.Equal("async-1", accepted.Headers.GetValues("X-Call-Id").Single());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (receiver.Callbacks.IsEmpty && DateTime.UtcNow < deadline) await Task.Delay(50);
        var (body, headers) = Assert.Single(receiver.Callbacks);
        Assert.Equal("ping", body);
        Assert.Equal(("async-1", "echo", "200"), (headers["X-Call-Id"], headers["X-Function-Name"], headers["X-Function-Status"]));
        Assert.True(double.Parse(headers["X-Duration-Seconds"], System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task SystemLogs_GiveWhatTheReplicasPrinted_AsFaasProviderNdjson()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.Client.DeployAsync(new FunctionDeployment { Service = "talk", Image = "local/talk", EnvProcess = "sh -c \"echo said-something >&2; cat\"" });
        await gw.Host.WaitUntilReadyAsync(TestGateway.Ready);
        using var http = new HttpClient { BaseAddress = gw.Url };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + TestGateway.Password)));
        using var served = await http.PostAsync(new Uri("/function/talk", UriKind.Relative), new StringContent("hi"));
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        string text;
        while (!(text = await http.GetStringAsync(new Uri("/system/logs?name=talk&tail=10", UriKind.Relative))).Contains("said-something", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        using var line = System.Text.Json.JsonDocument.Parse(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last(l => l.Contains("said-something", StringComparison.Ordinal)));
        Assert.Equal(("talk", "openfaas-fn", "talk-1"), (line.RootElement.GetProperty("name").GetString(), line.RootElement.GetProperty("namespace").GetString(), line.RootElement.GetProperty("instance").GetString()));
        Assert.Equal("stderr: said-something", line.RootElement.GetProperty("text").GetString());
        Assert.Equal("", await http.GetStringAsync(new Uri("/system/logs?name=talk&tail=0", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri("/system/logs?name=nothing", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync(new Uri("/system/logs?name=talk&tail=-1", UriKind.Relative))).StatusCode);
        using var anonymous = new HttpClient { BaseAddress = gw.Url };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("/system/logs?name=talk", UriKind.Relative))).StatusCode);
    }

    // A replica may still be starting right after the deploy: the gateway then queues or refuses; resend until served.
    private static async Task<HttpResponseMessage> SendUntilServedAsync(HttpClient http, HttpRequestMessage request)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            using var copy = new HttpRequestMessage(request.Method, request.RequestUri) { Content = new ByteArrayContent([]) };
            foreach (var h in request.Headers) copy.Headers.TryAddWithoutValidation(h.Key, h.Value);
            var response = await http.SendAsync(copy);
            if (response.IsSuccessStatusCode || DateTime.UtcNow > deadline) return response;
            response.Dispose();
            await Task.Delay(100);
        }
    }

    [Theory]
    [InlineData(null)]
    [InlineData("admin:wrong")]
    public async Task System_WithoutRightCredentials_Is401_FunctionsStayOpen(string? userPassword)
    {
        await using var gw = await TestGateway.StartAsync();
        using var http = new HttpClient { BaseAddress = gw.Url };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/system/functions");
        if (userPassword is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(userPassword)));
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Basic", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/function/nothing", null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task Deploy_BadOrDuplicate_SaysWhy()
    {
        await using var gw = await TestGateway.StartAsync();
        var bad = await Assert.ThrowsAsync<OpenFaasException>(() => gw.Client.DeployAsync(new FunctionDeployment { Service = "web", Image = "nginx:latest" }));
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Contains("not a built-in", bad.Message, StringComparison.Ordinal);

        await gw.Client.DeployAsync(new FunctionDeployment { Service = "env", Image = "faaswise/env" });
        var duplicate = await Assert.ThrowsAsync<OpenFaasException>(() => gw.Client.DeployAsync(new FunctionDeployment { Service = "env", Image = "faaswise/env" }));
        Assert.Equal(HttpStatusCode.Conflict, duplicate.Status);
        var missing = await Assert.ThrowsAsync<OpenFaasException>(() => gw.Client.ScaleAsync("nothing", 2));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
    }

    [Fact]
    public async Task Update_ReplacesReplicasWithNewDefinition()
    {
        await using var gw = await TestGateway.StartAsync();
        await gw.DeployAsync("hash", "faaswise/shasum");
        var before = gw.Replicas("hash").Single().Pid;
        await gw.Client.UpdateAsync(new FunctionDeployment { Service = "hash", Image = "faaswise/echo" });
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string body;
        do
        {
            var r = await gw.Client.InvokeAsync("hash", Encoding.UTF8.GetBytes("x"));
            body = r.Text;
            if (body == "x") break;
            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        Assert.Equal("x", body);
        Assert.True(await ProcessProbe.WaitUntilGoneAsync([before], TimeSpan.FromSeconds(10)), "the old replica still runs");
    }
}
