using Microsoft.Win32.SafeHandles;

namespace Faaswise.Modeling.LightGbm;

/// <summary>A LightGBM dataset (binned features and a label).</summary>
internal sealed class DatasetHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DatasetHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle() => NativeMethods.DatasetFree(handle) == 0;
}

/// <summary>A LightGBM booster (a trained or loaded model).</summary>
internal sealed class BoosterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public BoosterHandle() : base(ownsHandle: true) { }

    protected override bool ReleaseHandle() => NativeMethods.BoosterFree(handle) == 0;
}
