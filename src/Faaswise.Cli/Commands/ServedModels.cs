using Faaswise.Qshuf.World;
using Faaswise.Runtime.Models;
using Faaswise.Runtime.Units;

namespace Faaswise.Cli.Commands;

/// <summary>
/// What a live experiment's replicas serve for each function: the model's <c>serve:</c> entry in the cluster file (a
/// built-in name, an .onnx file, or <c>synthetic:SIZE[:FLOPS]</c>, generated once into the experiment's models/
/// folder), else a built-in model of the model's name.
/// </summary>
internal static class ServedModels
{
    public static IReadOnlyList<string> Resolve(ClusterWorld world, string modelsDirectory, Action<string> progress)
    {
        var served = new string[world.Functions.Count];
        for (var f = 0; f < served.Length; f++)
        {
            var model = world.ModelOf(f);
            var serve = model.Serve ?? model.Name;
            if (serve.StartsWith("synthetic:", StringComparison.Ordinal))
            {
                served[f] = Synthetic(model.Name, serve, modelsDirectory, progress);
                continue;
            }

            try
            {
                var source = ModelSource.Resolve(serve);
                served[f] = ModelSource.Builtins.ContainsKey(serve) ? serve : source.Path;
            }
            catch (Exception e) when (e is FormatException or FileNotFoundException)
            {
                throw new UsageException($"--cluster: model {model.Name} cannot be served live: {e.Message} (give it serve: a built-in name, an .onnx file or synthetic:SIZE[:FLOPS])");
            }
        }

        return served;
    }

    private static string Synthetic(string name, string serve, string directory, Action<string> progress)
    {
        var parts = serve.Split(':');
        if (parts.Length is < 2 or > 3) throw new UsageException($"--cluster: model {name}: serve '{serve}' is not synthetic:SIZE[:FLOPS]");
        long bytes;
        double? flops;
        try
        {
            bytes = ByteSize.Parse(parts[1]);
            flops = parts.Length == 3 ? RuntimeCommand.Flops(parts[2]) : null;
        }
        catch (FormatException e)
        {
            throw new UsageException($"--cluster: model {name}: serve '{serve}': {e.Message}");
        }

        var path = Path.Combine(directory, $"{name}.onnx");
        var stamp = path + ".serve";
        if (File.Exists(path) && File.Exists(stamp) && File.ReadAllText(stamp) == serve) return path;
        Directory.CreateDirectory(directory);
        progress($"generating the synthetic model {name} ({serve}) into {path}");
        var temporary = Path.Combine(directory, $"{name}.tmp.onnx");
        var files = SyntheticModel.For(bytes, flops).Write(temporary);
        if (files.Count > 1) throw new UsageException($"--cluster: model {name}: a synthetic model above 1 GiB keeps its weights beside it; make it with faaswise runtime make-model and give serve: the file");
        File.Move(temporary, path, overwrite: true);
        File.WriteAllText(stamp, serve);
        return path;
    }
}
