using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Faaswise.OpenFaas.Api;

namespace Faaswise.OpenFaas.Stack;

/// <summary>
/// An OpenFaaS stack file (faas-cli's <c>stack.yml</c>): <c>provider</c> (<c>name</c>, <c>gateway</c>) and
/// <c>functions</c>. Fields faas-cli uses only for building (<c>build_args</c>, <c>skip_build</c>, …) are read past.
/// As faas-cli does, <c>${VAR}</c> and <c>${VAR:-default}</c> are replaced from the environment before parsing (an
/// unset variable without a default becomes empty), and a function's <c>environment_file</c> list (YAML files with an
/// <c>environment:</c> map, relative to the stack file) is merged under its <c>environment</c>.
/// Every error names the file, the line and the field.
/// </summary>
public sealed partial record StackFile
{
    /// <summary>Where it was read from.</summary>
    public required string Source { get; init; }

    /// <summary><c>provider.name</c>: "openfaas" (or faas-cli's older "faas").</summary>
    public required string ProviderName { get; init; }

    /// <summary><c>provider.gateway</c>, when given.</summary>
    public Uri? Gateway { get; init; }

    /// <summary>The functions, in file order.</summary>
    public required IReadOnlyList<StackFunction> Functions { get; init; }

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")]
    private static partial Regex FunctionName();

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(:-(?<default>[^}]*))?\}")]
    private static partial Regex Variable();

    /// <summary>faas-cli's envsubst: <c>${VAR}</c> and <c>${VAR:-default}</c> from <paramref name="lookup"/>.</summary>
    public static string Substitute(string text, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(lookup);
        return Variable().Replace(text, m => lookup(m.Groups["name"].Value) is { Length: > 0 } value ? value : m.Groups["default"].Success ? m.Groups["default"].Value : "");
    }

    /// <summary>Reads a stack file; throws <see cref="FormatException"/> "file:line: field: reason".</summary>
    public static StackFile Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cannot read stack file {path}: {e.Message}", e);
        }

        return Parse(text, path, Environment.GetEnvironmentVariable);
    }

    /// <summary>Parses stack-file text; <paramref name="source"/> names it in errors (and locates its environment files).</summary>
    public static StackFile Parse(string text, string source, Func<string, string?>? lookup = null)
    {
        lookup ??= Environment.GetEnvironmentVariable;
        text = Substitute(text ?? throw new ArgumentNullException(nameof(text)), lookup);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new FormatException($"{source}:{e.Start.Line}: not valid YAML: {e.InnerException?.Message ?? e.Message}", e);
        }

        var reader = new Reader(source);
        if (yaml.Documents.Count == 0) throw new FormatException($"{source}:1: empty stack file");
        var root = reader.Mapping(yaml.Documents[0].RootNode, "(file)");
        var provider = reader.Mapping(reader.Required(root, "provider", root), "provider");
        var providerName = reader.Scalar(reader.Required(provider, "name", root), "provider.name");
        if (providerName is not ("openfaas" or "faas"))
        {
            throw reader.Error(provider, "provider.name", $"'{providerName}' is not openfaas");
        }

        Uri? gateway = null;
        if (Reader.Optional(provider, "gateway") is { } g)
        {
            var url = reader.Scalar(g, "provider.gateway");
            if (!Uri.TryCreate(url, UriKind.Absolute, out gateway) || (gateway.Scheme != Uri.UriSchemeHttp && gateway.Scheme != Uri.UriSchemeHttps))
            {
                throw reader.Error(g, "provider.gateway", $"'{url}' is not an http:// or https:// URL");
            }
        }

        var functionsNode = reader.Mapping(reader.Required(root, "functions", root), "functions");
        if (functionsNode.Children.Count == 0) throw reader.Error(functionsNode, "functions", "no functions");
        var functions = new List<StackFunction>();
        foreach (var (key, value) in functionsNode.Children)
        {
            var name = reader.Scalar(key, "functions");
            if (!FunctionName().IsMatch(name))
            {
                throw reader.Error(key, $"functions.{name}", "a function name is lower-case letters, digits and '-', at most 63, starting and ending with a letter or digit");
            }

            functions.Add(ReadFunction(reader, name, reader.Mapping(value, $"functions.{name}"), lookup));
        }

        return new StackFile { Source = source, ProviderName = providerName, Gateway = gateway, Functions = functions };
    }

    private static StackFunction ReadFunction(Reader r, string name, YamlMappingNode node, Func<string, string?> lookup)
    {
        string F(string field) => $"functions.{name}.{field}";
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in r.StringList(Reader.Optional(node, "environment_file"), F("environment_file")))
        {
            foreach (var (k, v) in r.EnvironmentFile(file, F("environment_file"), lookup)) environment[k] = v;
        }

        foreach (var (k, v) in r.StringMap(Reader.Optional(node, "environment"), F("environment"))) environment[k] = v;
        var fprocess = Reader.Optional(node, "fprocess") is { } fp ? r.Scalar(fp, F("fprocess")) : environment.GetValueOrDefault("fprocess");
        return new StackFunction
        {
            Name = name,
            Image = r.Scalar(r.Required(node, "image", node, F("image")), F("image")),
            Lang = Reader.Optional(node, "lang") is { } l ? r.Scalar(l, F("lang")) : null,
            Handler = Reader.Optional(node, "handler") is { } h ? r.Scalar(h, F("handler")) : null,
            Namespace = Reader.Optional(node, "namespace") is { } ns ? r.Scalar(ns, F("namespace")) : null,
            FProcess = fprocess,
            Environment = environment,
            Labels = r.StringMap(Reader.Optional(node, "labels"), F("labels")),
            Annotations = r.StringMap(Reader.Optional(node, "annotations"), F("annotations")),
            Limits = r.Resources(Reader.Optional(node, "limits"), F("limits")),
            Requests = r.Resources(Reader.Optional(node, "requests"), F("requests")),
            Secrets = r.StringList(Reader.Optional(node, "secrets"), F("secrets")),
            Constraints = r.StringList(Reader.Optional(node, "constraints"), F("constraints")),
            ReadOnlyRootFilesystem = Reader.Optional(node, "readonly_root_filesystem") is { } ro && r.Boolean(ro, F("readonly_root_filesystem")),
        };
    }

    /// <summary>Typed reads over YAML nodes that report "file:line: field: reason".</summary>
    private sealed class Reader(string source)
    {
        public FormatException Error(YamlNode node, string field, string reason) =>
            new($"{source}:{node.Start.Line}: {field}: {reason}");

        public YamlMappingNode Mapping(YamlNode node, string field) =>
            node as YamlMappingNode ?? throw Error(node, field, "expected a mapping of key: value");

        public static YamlNode? Optional(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) && !IsNull(value) ? value : null;

        public YamlNode Required(YamlMappingNode node, string key, YamlNode at, string? field = null) =>
            Optional(node, key) ?? throw Error(at, field ?? key, "missing");

        public string Scalar(YamlNode node, string field) =>
            node is YamlScalarNode { Value: { } v } ? v : throw Error(node, field, "expected a single value");

        public bool Boolean(YamlNode node, string field) => Scalar(node, field).ToLowerInvariant() switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            var v => throw Error(node, field, $"'{v}' is not true or false"),
        };

        public Dictionary<string, string> StringMap(YamlNode? node, string field)
        {
            if (node is null) return new Dictionary<string, string>();
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (k, v) in Mapping(node, field).Children)
            {
                var key = Scalar(k, field);
                map[key] = Scalar(v, $"{field}.{key}");
            }

            return map;
        }

        public IReadOnlyList<string> StringList(YamlNode? node, string field) => node switch
        {
            null => [],
            YamlSequenceNode s => [.. s.Children.Select(c => Scalar(c, field))],
            _ => throw Error(node, field, "expected a list"),
        };

        /// <summary>An <c>environment_file</c>: a YAML file with an <c>environment:</c> map, relative to the stack file.</summary>
        public Dictionary<string, string> EnvironmentFile(string file, string field, Func<string, string?> lookup)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(source)) ?? ".";
            var path = Path.IsPathRooted(file) ? file : Path.Combine(directory, file);
            if (!File.Exists(path)) throw new FormatException($"{source}: {field}: {file} does not exist (looked for {path})");
            var yaml = new YamlStream();
            try
            {
                yaml.Load(new StringReader(Substitute(File.ReadAllText(path), lookup)));
            }
            catch (YamlException e)
            {
                throw new FormatException($"{path}:{e.Start.Line}: not valid YAML: {e.InnerException?.Message ?? e.Message}", e);
            }

            var inner = new Reader(path);
            if (yaml.Documents.Count == 0) return [];
            var root = inner.Mapping(yaml.Documents[0].RootNode, "(file)");
            return inner.StringMap(Optional(root, "environment"), "environment");
        }

        public FunctionResources? Resources(YamlNode? node, string field)
        {
            if (node is null) return null;
            var map = StringMap(node, field);
            foreach (var key in map.Keys.Where(k => k is not ("memory" or "cpu")))
            {
                throw Error(node, $"{field}.{key}", "only memory and cpu are resources");
            }

            return new FunctionResources { Memory = map.GetValueOrDefault("memory"), Cpu = map.GetValueOrDefault("cpu") };
        }

        private static bool IsNull(YamlNode node) => node is YamlScalarNode { Value: null or "" or "~" or "null", Style: ScalarStyle.Plain };
    }
}
