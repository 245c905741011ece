using System.Text;

namespace Faaswise.Modeling.LightGbm;

/// <summary>
/// A trained LightGBM model. Its text form is LightGBM's own model file, so Python's <c>lightgbm.Booster(model_file=...)</c>
/// reads it too; <see cref="TreeEnsemble"/> evaluates that text in managed code.
/// </summary>
public sealed class LightGbmBooster : IDisposable
{
    private readonly BoosterHandle handle;
    private volatile bool disposed;

    /// <summary>Features the model reads, in order.</summary>
    public int Features { get; }

    private LightGbmBooster(BoosterHandle handle)
    {
        this.handle = handle;
        NativeMethods.Check(NativeMethods.BoosterGetNumFeature(handle, out var features), "BoosterGetNumFeature");
        Features = features;
    }

    /// <summary>Trains on the dataset's current label.</summary>
    public static LightGbmBooster Train(LightGbmDataset dataset, LightGbmObjective objective, LightGbmParameters parameters, double alpha = 0.5)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(parameters);
        NativeMethods.Check(NativeMethods.BoosterCreate(dataset.Handle, parameters.ToNative(objective, alpha), out var handle), "BoosterCreate");
        var booster = new LightGbmBooster(handle);
        for (var i = 0; i < parameters.Iterations; i++)
        {
            NativeMethods.Check(NativeMethods.BoosterUpdateOneIter(handle, out var finished), "BoosterUpdateOneIter");
            if (finished != 0) break;
        }

        return booster;
    }

    /// <summary>Loads a model from LightGBM's text format.</summary>
    public static LightGbmBooster FromModelString(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        NativeMethods.Check(NativeMethods.BoosterLoadModelFromString(model, out _, out var handle), "BoosterLoadModelFromString");
        return new LightGbmBooster(handle);
    }

    /// <summary>The model in LightGBM's text format.</summary>
    public unsafe string ToModelString()
    {
        NativeMethods.Check(NativeMethods.BoosterSaveModelToString(handle, 0, -1, 0, 0, out var length, null), "BoosterSaveModelToString");
        var buffer = new byte[length];
        fixed (byte* data = buffer)
        {
            NativeMethods.Check(NativeMethods.BoosterSaveModelToString(handle, 0, -1, 0, length, out length, data), "BoosterSaveModelToString");
        }

        return Encoding.UTF8.GetString(buffer, 0, (int)Math.Max(0, length - 1));
    }

    /// <summary>Predicts every row of a row-major matrix.</summary>
    public unsafe double[] Predict(ReadOnlySpan<float> rowMajor, int threads = 0)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (rowMajor.Length % Features != 0) throw new ArgumentException($"{rowMajor.Length} values are not rows of {Features} features", nameof(rowMajor));
        var rows = rowMajor.Length / Features;
        var result = new double[rows];
        if (rows == 0) return result;
        var parameter = $"num_threads={(threads > 0 ? threads : Environment.ProcessorCount)}";
        fixed (float* data = rowMajor)
        fixed (double* output = result)
        {
            NativeMethods.Check(
                NativeMethods.BoosterPredictForMat(handle, data, NativeMethods.DtypeFloat32, rows, Features, 1, NativeMethods.PredictNormal, 0, -1, parameter, out _, output),
                "BoosterPredictForMat");
        }

        return result;
    }

    /// <summary>
    /// Each feature's contribution to one row's raw prediction (LightGBM's TreeSHAP, <c>pred_contrib</c>), then the
    /// expected value: <see cref="Features"/> + 1 values that sum to the raw prediction.
    /// </summary>
    public unsafe double[] Contributions(ReadOnlySpan<float> row)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (row.Length != Features) throw new ArgumentException($"{row.Length} values for a model of {Features} features", nameof(row));
        var result = new double[Features + 1];
        fixed (float* data = row)
        fixed (double* output = result)
        {
            NativeMethods.Check(
                NativeMethods.BoosterPredictForMat(handle, data, NativeMethods.DtypeFloat32, 1, Features, 1, NativeMethods.PredictContributions, 0, -1, "num_threads=1", out _, output),
                "BoosterPredictForMat");
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        handle.Dispose();
    }
}
