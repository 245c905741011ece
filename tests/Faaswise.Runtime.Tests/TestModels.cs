using Faaswise.Runtime.Models;

namespace Faaswise.Runtime.Tests;

/// <summary>Synthetic models written once per test run, shared by the tests that need them.</summary>
internal static class TestModels
{
    private static readonly string Directory = CreateDirectory();
    private static readonly Lazy<string> SmallModel = new(() => Write("small", SyntheticModel.For(4_000_000, null)));
    private static readonly Lazy<string> SlowModel = new(() => Write("slow", SyntheticModel.For(16_000_000, 2e9)));

    /// <summary>4 MB of weights, a few microseconds per inference.</summary>
    public static string Small => SmallModel.Value;

    /// <summary>16 MB of weights and 2 GFLOP per inference: at least several milliseconds on any CPU.</summary>
    public static string Slow => SlowModel.Value;

    public static string ResNet18 => ModelSource.Builtins["resnet18"].Path;

    /// <summary>A fresh directory, removed when the test run ends (its models reach 200 MB).</summary>
    private static string CreateDirectory()
    {
        var path = System.IO.Directory.CreateTempSubdirectory("faaswise-runtime-models").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                System.IO.Directory.Delete(path, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        };
        return path;
    }

    public static string Write(string name, SyntheticModel model)
    {
        var path = Path.Combine(Directory, name + ".onnx");
        model.Write(path);
        return path;
    }
}
