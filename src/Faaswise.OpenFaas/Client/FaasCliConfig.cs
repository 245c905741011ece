using System.Text;
using YamlDotNet.RepresentationModel;

namespace Faaswise.OpenFaas.Client;

/// <summary>
/// faas-cli's saved logins (<c>faas-cli login</c> writes them): <c>$OPENFAAS_CONFIG/config.yml</c>, else
/// <c>~/.openfaas/config.yml</c>, with <c>auths: [{gateway, auth: basic, token: base64(user:password)}]</c>.
/// </summary>
public static class FaasCliConfig
{
    /// <summary>Where faas-cli keeps its config file.</summary>
    public static string DefaultPath =>
        Path.Combine(Environment.GetEnvironmentVariable("OPENFAAS_CONFIG") is { Length: > 0 } dir ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".openfaas"), "config.yml");

    /// <summary>The basic-auth login saved for <paramref name="gateway"/> (URLs compared without a trailing slash), or null.</summary>
    /// <exception cref="FormatException">The file is not faas-cli's format, naming the file.</exception>
    public static GatewayCredentials? For(Uri gateway, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        path ??= DefaultPath;
        if (!File.Exists(path)) return null;
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(File.ReadAllText(path)));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new FormatException($"{path}: not faas-cli's config: {e.Message}", e);
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root) return null;
        if (!root.Children.TryGetValue(new YamlScalarNode("auths"), out var auths) || auths is not YamlSequenceNode list) return null;
        var wanted = gateway.ToString().TrimEnd('/');
        foreach (var entry in list.Children.OfType<YamlMappingNode>())
        {
            string? Field(string name) => entry.Children.TryGetValue(new YamlScalarNode(name), out var v) && v is YamlScalarNode s ? s.Value : null;
            if (!string.Equals(Field("gateway")?.TrimEnd('/'), wanted, StringComparison.OrdinalIgnoreCase) || Field("auth") != "basic" || Field("token") is not { } token) continue;
            string decoded;
            try
            {
                decoded = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            }
            catch (FormatException e)
            {
                throw new FormatException($"{path}: the token saved for {wanted} is not base64", e);
            }

            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) throw new FormatException($"{path}: the token saved for {wanted} is not user:password");
            return GatewayCredentials.FromValues(decoded[..colon], decoded[(colon + 1)..], "faas-cli login in " + path);
        }

        return null;
    }
}
