namespace Faaswise.Modeling.LightGbm;

/// <summary>
/// A feature matrix binned once by LightGBM; several boosters (one per target) can train on it in turn by
/// setting a new label before each.
/// </summary>
public sealed class LightGbmDataset : IDisposable
{
    internal DatasetHandle Handle { get; }

    /// <summary>Rows in the matrix.</summary>
    public int Rows { get; }

    /// <summary>Features per row.</summary>
    public int Columns { get; }

    private LightGbmDataset(DatasetHandle handle, int rows, int columns)
    {
        Handle = handle;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Bins a row-major matrix of <paramref name="columns"/> features.</summary>
    public static unsafe LightGbmDataset Create(ReadOnlySpan<float> rowMajor, int columns, LightGbmParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (columns <= 0 || rowMajor.Length == 0 || rowMajor.Length % columns != 0)
        {
            throw new ArgumentException($"a matrix of {rowMajor.Length} values does not have {columns} columns", nameof(rowMajor));
        }

        var rows = rowMajor.Length / columns;
        DatasetHandle handle;
        fixed (float* data = rowMajor)
        {
            NativeMethods.Check(
                NativeMethods.DatasetCreateFromMat(data, NativeMethods.DtypeFloat32, rows, columns, 1, parameters.ToNative(LightGbmObjective.Regression), IntPtr.Zero, out handle),
                "DatasetCreateFromMat");
        }

        return new LightGbmDataset(handle, rows, columns);
    }

    /// <summary>Sets the label the next booster trains on.</summary>
    public unsafe void SetLabel(ReadOnlySpan<float> label)
    {
        if (label.Length != Rows) throw new ArgumentException($"{label.Length} labels for {Rows} rows", nameof(label));
        fixed (float* data = label)
        {
            NativeMethods.Check(NativeMethods.DatasetSetField(Handle, "label", data, label.Length, NativeMethods.DtypeFloat32), "DatasetSetField(label)");
        }
    }

    /// <inheritdoc />
    public void Dispose() => Handle.Dispose();
}
