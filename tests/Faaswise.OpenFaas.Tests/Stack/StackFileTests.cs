using Faaswise.OpenFaas.Api;
using Faaswise.OpenFaas.Stack;

namespace Faaswise.OpenFaas.Tests.Stack;

public sealed class StackFileTests
{
    // The shape of DFaaS's functions stack, with faas-cli's build-only fields that the reader passes over.
    private const string DfaasLike = """
        version: 1.0
        provider:
          name: openfaas
          gateway: http://127.0.0.1:8080
        functions:
          figlet:
            lang: dockerfile
            handler: ./figlet
            image: ghcr.io/openfaas/figlet:latest
            environment:
              fprocess: figlet
              write_timeout: 10s
            labels:
              com.openfaas.scale.min: 1
              com.openfaas.scale.max: "5"
            limits:
              memory: 40Mi
              cpu: 500m
            requests:
              memory: 20Mi
            build_args:
              ADDITIONAL_PACKAGE: figlet
          shasum:
            image: functions/alpine:latest
            fprocess: sha512sum
            secrets: [token]
            readonly_root_filesystem: true
        """;

    [Fact]
    public void Parse_DfaasStack_ReadsFunctionsInOrder()
    {
        var stack = StackFile.Parse(DfaasLike, "stack.yml");

        Assert.Equal(("openfaas", new Uri("http://127.0.0.1:8080")), (stack.ProviderName, stack.Gateway));
        Assert.Equal(["figlet", "shasum"], stack.Functions.Select(f => f.Name));
        var figlet = stack.Functions[0];
        Assert.Equal("figlet", figlet.FProcess);
        Assert.Equal("10s", figlet.Environment["write_timeout"]);
        Assert.Equal("1", figlet.Labels["com.openfaas.scale.min"]);
        Assert.Equal(new FunctionResources { Memory = "40Mi", Cpu = "500m" }, figlet.Limits);
        Assert.Equal("sha512sum", stack.Functions[1].FProcess);
        Assert.True(stack.Functions[1].ReadOnlyRootFilesystem);
    }

    [Fact]
    public void ToDeployment_CarriesWhatTheGatewayNeeds()
    {
        var d = StackFile.Parse(DfaasLike, "stack.yml").Functions[1].ToDeployment();

        Assert.Equal(("shasum", "functions/alpine:latest", "sha512sum"), (d.Service, d.Image, d.EnvProcess));
        Assert.Equal(["token"], d.Secrets!);
        Assert.Null(d.Labels);
        Assert.True(d.ReadOnlyRootFilesystem);
    }

    [Theory]
    [InlineData("provider:\n  name: openfaas\n", "stack.yml:1: functions: missing")]
    [InlineData("provider:\n  name: lambda\nfunctions:\n  f:\n    image: i\n", "stack.yml:2: provider.name: 'lambda' is not openfaas")]
    [InlineData("provider:\n  name: openfaas\n  gateway: localhost:8080\nfunctions:\n  f:\n    image: i\n", "stack.yml:3: provider.gateway: 'localhost:8080' is not an http:// or https:// URL")]
    [InlineData("provider:\n  name: openfaas\nfunctions:\n  f:\n    lang: go\n", "stack.yml:5: functions.f.image: missing")]
    [InlineData("provider:\n  name: openfaas\nfunctions:\n  Big_Name:\n    image: i\n", "stack.yml:4: functions.Big_Name: a function name is")]
    [InlineData("provider:\n  name: openfaas\nfunctions:\n  f:\n    image: i\n    limits:\n      gpu: 1\n", "stack.yml:7: functions.f.limits.gpu: only memory and cpu")]
    [InlineData("provider:\n  name: openfaas\nfunctions:\n  f:\n    image: i\n    environment: [a, b]\n", "stack.yml:6: functions.f.environment: expected a mapping")]
    [InlineData("provider:\n  name: openfaas\nfunctions:\n  f:\n    image: i\n    readonly_root_filesystem: maybe\n", "stack.yml:6: functions.f.readonly_root_filesystem: 'maybe' is not true or false")]
    [InlineData("provider: [\n", "stack.yml:2: not valid YAML")]
    [InlineData("", "stack.yml:1: empty stack file")]
    public void Parse_Malformed_NamesFileLineAndField(string text, string expected)
    {
        var e = Assert.Throws<FormatException>(() => StackFile.Parse(text, "stack.yml"));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_OneLineReason()
    {
        Assert.StartsWith("cannot read stack file /nonexistent/stack.yml", Assert.Throws<FormatException>(() => StackFile.Load("/nonexistent/stack.yml")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Variables_AreReplacedAsFaasCliDoes_WithDefaults_AndUnsetOnesEmpty()
    {
        var env = new Dictionary<string, string> { ["REGISTRY"] = "ghcr.io/acme", ["TAG"] = "" };
        var text = """
            provider:
              name: openfaas
              gateway: ${GATEWAY:-http://127.0.0.1:8080}
            functions:
              echo:
                image: ${REGISTRY}/echo:${TAG:-latest}
                environment:
                  greeting: "hello ${NOBODY}world"
            """;

        var stack = StackFile.Parse(text, "stack.yml", n => env.GetValueOrDefault(n));

        Assert.Equal("http://127.0.0.1:8080/", stack.Gateway!.ToString());
        Assert.Equal("ghcr.io/acme/echo:latest", stack.Functions[0].Image);
        Assert.Equal("hello world", stack.Functions[0].Environment["greeting"]);
    }

    [Fact]
    public void EnvironmentFiles_AreMergedUnderTheFunctionsOwnEnvironment_AndAMissingOneIsNamed()
    {
        var dir = Directory.CreateTempSubdirectory("faaswise-stack-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "common.yml"), "environment:\n  write_timeout: 10s\n  mode: ${MODE:-shared}\n");
            File.WriteAllText(Path.Combine(dir, "db.yml"), "environment:\n  mode: db\n  db_host: pg\n");
            var stackPath = Path.Combine(dir, "stack.yml");
            File.WriteAllText(stackPath, """
                provider:
                  name: openfaas
                functions:
                  echo:
                    image: faaswise/echo
                    environment_file:
                      - common.yml
                      - db.yml
                    environment:
                      write_timeout: 20s
                """);

            var echo = StackFile.Load(stackPath).Functions[0];

            Assert.Equal(new Dictionary<string, string> { ["write_timeout"] = "20s", ["mode"] = "db", ["db_host"] = "pg" }, echo.Environment);
            File.WriteAllText(stackPath, File.ReadAllText(stackPath).Replace("db.yml", "nosuch.yml", StringComparison.Ordinal));
            Assert.Contains("functions.echo.environment_file: nosuch.yml does not exist", Assert.Throws<FormatException>(() => StackFile.Load(stackPath)).Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void FieldsALocalGatewayCannotEnforce_AreListed()
    {
        var stack = StackFile.Parse(DfaasLike, "stack.yml");

        Assert.Equal(["limits", "requests"], stack.Functions.Single(f => f.Name == "figlet").NotEnforcedLocally());
    }
}
