using System.Globalization;

namespace Faaswise.LocalFaas.Builtins;

/// <summary>
/// Built-in deep-learning functions: each replica is a <c>faaswise runtime serve</c> process (of-watchdog's http mode)
/// serving a built-in ONNX model; <c>POST</c> an image to the function to run it.
/// </summary>
public static class ModelFunctions
{
    /// <summary>The model functions by name, with a one-line description.</summary>
    public static IReadOnlyDictionary<string, string> All { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["resnet18"] = "ResNet-18 (pretrained, ONNX Runtime on the CPU): POST a PNG or JPEG, get its 512 image features as JSON",
    };

    /// <summary>The names, in order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Keys];

    /// <summary>The model function an image stands for (<c>faaswise/resnet18</c>, <c>ghcr.io/x/resnet18:1</c>), or null.</summary>
    public static string? ForImage(string image)
    {
        var last = BuiltinFunctions.LastSegment(image);
        return All.ContainsKey(last) ? last : null;
    }

    /// <summary>The http-mode fprocess of a replica: the runtime on <c>$PORT</c>, its control plane on a free port.</summary>
    public static string FProcess(IReadOnlyList<string> faaswise, string model, TimeSpan timeout) =>
        string.Join(' ', faaswise.Concat(["runtime", "serve", "--model", model, "--control-port", "0",
            "--timeout", ((long)Math.Ceiling(timeout.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture) + "ms"]).Select(Quote));

    private static string Quote(string word) => word.Length > 0 && !word.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'') ? word : $"'{word}'";
}
