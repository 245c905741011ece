using System.Net.Http.Headers;
using System.Text;

namespace Faaswise.OpenFaas.Client;

/// <summary>
/// Basic-auth credentials for the gateway's <c>/system</c> API. The password comes from a file or an environment
/// variable, never from a command line, and never appears in <see cref="ToString"/> or an exception.
/// </summary>
public sealed class GatewayCredentials
{
    /// <summary>OpenFaaS's default user name.</summary>
    public const string DefaultUser = "admin";

    private readonly string _password;

    /// <summary>
    /// Where <c>faaswise gateway</c> keeps the password it creates, and where clients look for it when none is given:
    /// <c>$XDG_CONFIG_HOME/faaswise/gateway-password</c>, else <c>~/.config/faaswise/gateway-password</c>.
    /// </summary>
    public static string DefaultLocalPasswordFile
    {
        get
        {
            var config = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            if (string.IsNullOrEmpty(config)) config = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return Path.Combine(config, "faaswise", "gateway-password");
        }
    }

    private GatewayCredentials(string user, string password, string source)
    {
        if (string.IsNullOrEmpty(user) || user.Contains(':', StringComparison.Ordinal))
        {
            throw new FormatException("the gateway user must be non-empty and contain no ':'");
        }

        User = user;
        _password = password;
        Source = source;
    }

    /// <summary>The user name.</summary>
    public string User { get; }

    /// <summary>Where the password came from ("file /path" or "environment VAR"), for messages.</summary>
    public string Source { get; }

    /// <summary>Reads the password from the first line of a file (as faas-cli's <c>--password-stdin</c> files hold it).</summary>
    public static GatewayCredentials FromFile(string path, string user = DefaultUser)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cannot read the gateway password file {path}: {e.Message}", e);
        }

        var password = text.Split('\n')[0].TrimEnd('\r');
        return password.Length == 0
            ? throw new FormatException($"the gateway password file {path} is empty")
            : new GatewayCredentials(user, password, "file " + path);
    }

    /// <summary>Reads the password from an environment variable (OpenFaaS's <c>OPENFAAS_PASSWORD</c> by default).</summary>
    public static GatewayCredentials FromEnvironment(string variable = "OPENFAAS_PASSWORD", string user = DefaultUser)
    {
        var password = Environment.GetEnvironmentVariable(variable);
        return string.IsNullOrEmpty(password)
            ? throw new FormatException($"the environment variable {variable} holds no gateway password")
            : new GatewayCredentials(user, password, "environment " + variable);
    }

    /// <summary>Credentials from values a program already holds (tests, the embedded gateway, standard input, faas-cli's config).</summary>
    public static GatewayCredentials FromValues(string user, string password, string source = "given") =>
        string.IsNullOrEmpty(password) ? throw new FormatException("empty gateway password") : new GatewayCredentials(user, password, source);

    /// <summary>True when <paramref name="header"/> carries exactly these credentials.</summary>
    public bool Matches(AuthenticationHeaderValue? header) =>
        header is { Scheme: "Basic", Parameter: { } p }
        && CryptographicEquals(p, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{_password}")));

    internal AuthenticationHeaderValue Header() => new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{_password}")));

    /// <summary>The user and the password's source; never the password.</summary>
    public override string ToString() => $"{User} (password from {Source})";

    private static bool CryptographicEquals(string a, string b) =>
        System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
