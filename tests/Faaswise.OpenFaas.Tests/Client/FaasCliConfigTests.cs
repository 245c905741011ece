using System.Text;
using Faaswise.OpenFaas.Client;
using Faaswise.Testing;

namespace Faaswise.OpenFaas.Tests.Client;

public sealed class FaasCliConfigTests
{
    private static string Token(string userPassword) => Convert.ToBase64String(Encoding.UTF8.GetBytes(userPassword));

    [Fact]
    public void The_login_saved_for_the_gateway_is_found_whatever_its_trailing_slash()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("config.yml", $"""
            auths:
            - gateway: http://other:8080
              auth: basic
              token: {Token("admin:nope")}
            - gateway: http://127.0.0.1:8080/
              auth: basic
              token: {Token("ops:s3:cret")}
            """);

        var found = FaasCliConfig.For(new Uri("http://127.0.0.1:8080"), path)!;

        Assert.Equal("ops", found.User);
        Assert.Contains("faas-cli login in " + path, found.Source, StringComparison.Ordinal);
        Assert.True(found.Matches(new System.Net.Http.Headers.AuthenticationHeaderValue("Basic", Token("ops:s3:cret"))));
        Assert.Null(FaasCliConfig.For(new Uri("http://unknown:8080"), path));
        Assert.Null(FaasCliConfig.For(new Uri("http://127.0.0.1:8080"), Path.Combine(dir.Path, "none.yml")));
    }

    [Theory]
    [InlineData("auths:\n- gateway: http://g:8080\n  auth: basic\n  token: '%%%'\n", "is not base64")]
    [InlineData("auths:\n- gateway: http://g:8080\n  auth: basic\n  token: YWRtaW4=\n", "is not user:password")]
    [InlineData("auths: [\n", "not faas-cli's config")]
    public void A_broken_config_is_named(string text, string reason)
    {
        using var dir = new TempDirectory();
        var path = dir.Write("config.yml", text);

        Assert.Contains(reason, Assert.Throws<FormatException>(() => FaasCliConfig.For(new Uri("http://g:8080"), path)).Message, StringComparison.Ordinal);
    }
}
