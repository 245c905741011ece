using Faaswise.OpenFaas.Client;
using Faaswise.Testing;

namespace Faaswise.OpenFaas.Tests.Client;

public sealed class GatewayCredentialsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void FromFile_FirstLineIsThePassword_NeverPrinted()
    {
        var c = GatewayCredentials.FromFile(_dir.Write("password", "s3cret\r\nignored\n"));

        Assert.True(c.Matches(new("Basic", Convert.ToBase64String("admin:s3cret"u8.ToArray()))));
        Assert.False(c.Matches(new("Basic", Convert.ToBase64String("admin:other"u8.ToArray()))));
        Assert.DoesNotContain("s3cret", c.ToString(), StringComparison.Ordinal);
        Assert.Contains("password from file", c.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromEnvironment_ReadsTheVariable()
    {
        Environment.SetEnvironmentVariable("FAASWISE_TEST_PASSWORD", "pw");
        try
        {
            Assert.Equal("admin (password from environment FAASWISE_TEST_PASSWORD)", GatewayCredentials.FromEnvironment("FAASWISE_TEST_PASSWORD").ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable("FAASWISE_TEST_PASSWORD", null);
        }
    }

    [Fact]
    public void Missing_OneLineReasons()
    {
        Assert.Contains("is empty", Assert.Throws<FormatException>(() => GatewayCredentials.FromFile(_dir.Write("empty", "\n"))).Message, StringComparison.Ordinal);
        Assert.Contains("cannot read", Assert.Throws<FormatException>(() => GatewayCredentials.FromFile(Path.Combine(_dir.Path, "none"))).Message, StringComparison.Ordinal);
        Assert.Contains("holds no gateway password", Assert.Throws<FormatException>(() => GatewayCredentials.FromEnvironment("FAASWISE_UNSET_VARIABLE")).Message, StringComparison.Ordinal);
        Assert.Throws<FormatException>(() => GatewayCredentials.FromValues("a:b", "pw"));
    }
}
