namespace Faaswise.Cli;

/// <summary>A one-line reason for a native library that did not load (LightGBM, its OpenMP runtime, ONNX Runtime).</summary>
internal static class NativeLibraryProblem
{
    /// <summary>The library that failed, found in the exception chain, or null when the failure is something else.</summary>
    public static string? Describe(Exception e)
    {
        for (var x = (Exception?)e; x is not null; x = x.InnerException)
        {
            if (x is not (DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)) continue;
            var what = x.Message.Split('\n')[0].Trim();
            var hint = what.Contains("lightgbm", StringComparison.OrdinalIgnoreCase) || what.Contains("gomp", StringComparison.OrdinalIgnoreCase)
                ? "LightGBM needs the OpenMP runtime (Debian/Ubuntu: apt-get install libgomp1)"
                : what.Contains("onnxruntime", StringComparison.OrdinalIgnoreCase)
                    ? "ONNX Runtime ships with faaswise for linux-x64; the CUDA provider also needs the CUDA 12 libraries"
                    : "a native dependency is missing";
            return $"a native library did not load: {what}; {hint}. Faaswise runs on Linux x86-64 with glibc 2.31 or later";
        }

        return null;
    }
}
