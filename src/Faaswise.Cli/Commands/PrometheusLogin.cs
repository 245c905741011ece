using System.CommandLine;
using Faaswise.Metrics.Prometheus;

namespace Faaswise.Cli.Commands;

/// <summary>
/// How a command authenticates to Prometheus, as promtool and Grafana do: basic auth (<c>--prometheus-user</c> with
/// <c>--prometheus-password-file</c>) or a bearer token (<c>--prometheus-token-file</c>, as a Kubernetes service account
/// mounts it).
/// </summary>
internal sealed class PrometheusLogin
{
    public Option<string?> User { get; } = new("--prometheus-user") { Description = "Basic-auth user for --prometheus (with --prometheus-password-file)" };

    public Option<FileInfo?> PasswordFile { get; } = new("--prometheus-password-file") { Description = "File whose first line is the basic-auth password for --prometheus" };

    public Option<FileInfo?> TokenFile { get; } = new("--prometheus-token-file") { Description = "File holding a bearer token for --prometheus (e.g. /var/run/secrets/kubernetes.io/serviceaccount/token)" };

    public IEnumerable<Option> Options => [User, PasswordFile, TokenFile];

    /// <summary>The client options for <paramref name="url"/> with the credentials asked for; one-line errors for a bad combination or an unreadable file.</summary>
    public PrometheusOptions For(ParseResult parse, Uri url)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var user = parse.GetValue(User);
        var passwordFile = parse.GetValue(PasswordFile);
        var tokenFile = parse.GetValue(TokenFile);
        if ((user is null) != (passwordFile is null)) throw new UsageException("--prometheus-user and --prometheus-password-file go together");
        if (user is not null && tokenFile is not null) throw new UsageException("give basic auth (--prometheus-user) or a bearer token (--prometheus-token-file), not both");
        return new PrometheusOptions
        {
            BaseAddress = url,
            Basic = user is null ? null : (user, FirstLine(passwordFile!, "--prometheus-password-file")),
            BearerToken = tokenFile is null ? null : FirstLine(tokenFile, "--prometheus-token-file"),
        };
    }

    private static string FirstLine(FileInfo file, string option)
    {
        try
        {
            var line = File.ReadLines(file.FullName).FirstOrDefault()?.Trim();
            return string.IsNullOrEmpty(line) ? throw new UsageException($"{option} {file}: the file is empty") : line;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"{option} {file}: {e.Message}");
        }
    }
}
