using System.CommandLine;
using Faaswise.OpenFaas.Client;

namespace Faaswise.Cli.Commands;

/// <summary>
/// How a command reaches an OpenFaaS gateway, as faas-cli does: <c>--gateway</c> (default <c>$OPENFAAS_URL</c>),
/// <c>--username</c>, and the password from <c>--password-stdin</c>, <c>--password-file</c>, <c>$OPENFAAS_PASSWORD</c>
/// or the login <c>faas-cli login</c> saved for that gateway, in that order.
/// </summary>
internal sealed class GatewayLogin
{
    public Option<string?> Gateway { get; } = new("--gateway") { Description = "OpenFaaS gateway URL [default: $OPENFAAS_URL, else an embedded gateway running the built-in functions]" };

    public Option<string> Username { get; } = new("--username") { Description = "Gateway admin user", DefaultValueFactory = _ => GatewayCredentials.DefaultUser };

    public Option<FileInfo?> PasswordFile { get; } = new("--password-file") { Description = "File whose first line is the admin password for --gateway" };

    public Option<bool> PasswordStdin { get; } = new("--password-stdin") { Description = "Read the admin password for --gateway from standard input (faas-cli's flag)" };

    public IEnumerable<Option> Options => [Gateway, Username, PasswordFile, PasswordStdin];

    /// <summary>The gateway asked for (the option, else <c>$OPENFAAS_URL</c>), or null for the embedded one.</summary>
    public string? GatewayText(ParseResult parse) =>
        parse.GetValue(Gateway) ?? (Environment.GetEnvironmentVariable("OPENFAAS_URL") is { Length: > 0 } url ? url : null);

    /// <summary>The credentials for <paramref name="gateway"/>; a <see cref="UsageException"/> lists the ways to give them when none is found.</summary>
    public GatewayCredentials Resolve(ParseResult parse, Uri gateway, TextReader stdin)
    {
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(stdin);
        var user = parse.GetValue(Username)!;
        try
        {
            if (parse.GetValue(PasswordStdin))
            {
                var line = stdin.ReadLine()?.TrimEnd('\r');
                return string.IsNullOrEmpty(line) ? throw new UsageException("--password-stdin: standard input holds no password") : GatewayCredentials.FromValues(user, line, "standard input");
            }

            if (parse.GetValue(PasswordFile) is { } file) return GatewayCredentials.FromFile(file.FullName, user);
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OPENFAAS_PASSWORD"))) return GatewayCredentials.FromEnvironment(user: user);
            if (FaasCliConfig.For(gateway) is { } saved) return saved;
        }
        catch (FormatException e)
        {
            throw new UsageException(e.Message);
        }

        throw new UsageException($"the gateway at {gateway} needs the admin password: --password-stdin, --password-file FILE, $OPENFAAS_PASSWORD, or a faas-cli login to it ({FaasCliConfig.DefaultPath})");
    }
}
