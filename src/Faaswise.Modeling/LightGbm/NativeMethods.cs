using System.Runtime.InteropServices;

namespace Faaswise.Modeling.LightGbm;

/// <summary>LightGBM's C API (c_api.h), from the native library that the LightGBM package ships.</summary>
internal static partial class NativeMethods
{
    private const string Library = "lib_lightgbm";

    public const int DtypeFloat32 = 0;
    public const int DtypeFloat64 = 1;
    public const int PredictNormal = 0;
    public const int PredictContributions = 3;

    [LibraryImport(Library, EntryPoint = "LGBM_GetLastError")]
    public static partial IntPtr GetLastError();

    [LibraryImport(Library, EntryPoint = "LGBM_DatasetCreateFromMat", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int DatasetCreateFromMat(void* data, int dataType, int rows, int columns, int isRowMajor, string parameters, IntPtr reference, out DatasetHandle dataset);

    [LibraryImport(Library, EntryPoint = "LGBM_DatasetSetField", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int DatasetSetField(DatasetHandle dataset, string field, void* data, int count, int dataType);

    [LibraryImport(Library, EntryPoint = "LGBM_DatasetFree")]
    public static partial int DatasetFree(IntPtr dataset);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterCreate", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int BoosterCreate(DatasetHandle dataset, string parameters, out BoosterHandle booster);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterUpdateOneIter")]
    public static partial int BoosterUpdateOneIter(BoosterHandle booster, out int finished);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterSaveModelToString")]
    public static unsafe partial int BoosterSaveModelToString(BoosterHandle booster, int startIteration, int iterations, int importanceType, long bufferLength, out long length, byte* buffer);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterLoadModelFromString", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int BoosterLoadModelFromString(string model, out int iterations, out BoosterHandle booster);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterGetNumFeature")]
    public static partial int BoosterGetNumFeature(BoosterHandle booster, out int features);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterFree")]
    public static partial int BoosterFree(IntPtr booster);

    [LibraryImport(Library, EntryPoint = "LGBM_BoosterPredictForMat", StringMarshalling = StringMarshalling.Utf8)]
    public static unsafe partial int BoosterPredictForMat(BoosterHandle booster, void* data, int dataType, int rows, int columns, int isRowMajor, int predictType, int startIteration, int iterations, string parameters, out long length, double* result);

    public static void Check(int status, string call)
    {
        if (status == 0) return;
        throw new LightGbmException($"LightGBM {call} failed: {Marshal.PtrToStringUTF8(GetLastError())}");
    }
}
