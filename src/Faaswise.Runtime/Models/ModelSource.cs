namespace Faaswise.Runtime.Models;

/// <summary>Where a served model comes from: a built-in name or an .onnx file (with its external data, if any).</summary>
public sealed record ModelSource(string Name, string Path, string? PreprocessPath, string Description)
{
    /// <summary>The built-in models by name.</summary>
    public static IReadOnlyDictionary<string, ModelSource> Builtins { get; } = new Dictionary<string, ModelSource>(StringComparer.Ordinal)
    {
        ["resnet18"] = new(
            "resnet18",
            System.IO.Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNet18Onnx", "ResNet18.onnx"),
            System.IO.Path.Combine(AppContext.BaseDirectory, "DnnImageModels", "ResNetPrepOnnx", "ResNetPreprocess.onnx"),
            "pretrained ResNet-18 trunk (ImageNet, 512 features per 224x224 image; NuGet Microsoft.ML.DnnImageFeaturizer.ResNet18)"),
    };

    /// <summary>The model a <c>--model</c> value names; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static ModelSource Resolve(string nameOrFile)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrFile);
        if (Builtins.TryGetValue(nameOrFile, out var builtin))
        {
            if (!File.Exists(builtin.Path)) throw new FileNotFoundException($"the built-in model file is missing: {builtin.Path} (rebuild faaswise)");
            return builtin;
        }

        if (!nameOrFile.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase) && !File.Exists(nameOrFile))
            throw new FormatException($"no built-in model '{nameOrFile}' (built-ins: {string.Join(", ", Builtins.Keys)}) and no such .onnx file");
        if (!File.Exists(nameOrFile)) throw new FileNotFoundException($"--model: no such file: {nameOrFile}");
        var name = System.IO.Path.GetFileNameWithoutExtension(nameOrFile);
        return new ModelSource(name, System.IO.Path.GetFullPath(nameOrFile), null, $"ONNX model from {nameOrFile}");
    }

    /// <summary>Bytes of the model: the .onnx file and the external-data files beside it that it names.</summary>
    public long Bytes()
    {
        var bytes = new FileInfo(Path).Length;
        var data = Path + ".data";
        if (File.Exists(data)) bytes += new FileInfo(data).Length;
        return bytes;
    }
}
