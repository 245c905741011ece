using Faaswise.Runtime.Models;
using SkiaSharp;

namespace Faaswise.Runtime.Tensors;

/// <summary>
/// An encoded image (PNG, JPEG, WebP, GIF, BMP) as a model's image input: decoded, resized to the input's height and
/// width, and laid out as planar RGB floats in 0-255 (NCHW), as ML.NET's ExtractPixels feeds its ResNet models.
/// </summary>
public static class ImageInput
{
    /// <summary>True for an input shaped [1 or -1, 3, H, W] of FP32.</summary>
    public static bool Accepts(TensorSpec spec) =>
        spec.Datatype == "FP32" && spec.Shape.Count == 4 && spec.Shape[0] is 1 or -1 && spec.Shape[1] == 3 && spec.Shape[2] > 0 && spec.Shape[3] > 0;

    /// <summary>
    /// Decodes and lays out the image, in an array from <paramref name="arrays"/> when given; throws
    /// <see cref="FormatException"/> when it cannot be decoded.
    /// </summary>
    public static InferenceTensor Decode(ReadOnlySpan<byte> encoded, TensorSpec spec, TensorArrays? arrays = null)
    {
        var height = (int)spec.Shape[2];
        var width = (int)spec.Shape[3];
        using var original = TryDecode(encoded) ?? throw new FormatException($"the body ({encoded.Length} bytes) is not an image this runtime can decode (PNG, JPEG, WebP, GIF or BMP)");
        using var rgba = original.Copy(SKColorType.Rgba8888) ?? throw new FormatException("the image cannot be converted to RGB");
        using var resized = rgba.Resize(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.None))
            ?? throw new FormatException("the image cannot be resized");
        var plane = width * height;
        var data = arrays?.Rent<float>(3 * plane) ?? new float[3 * plane];
        var pixels = resized.GetPixelSpan();
        for (var p = 0; p < plane; p++)
        {
            data[p] = pixels[4 * p];
            data[plane + p] = pixels[(4 * p) + 1];
            data[(2 * plane) + p] = pixels[(4 * p) + 2];
        }

        return new InferenceTensor(spec.Name, "FP32", [1, 3, height, width], data);
    }

    private static SKBitmap? TryDecode(ReadOnlySpan<byte> encoded)
    {
        try
        {
            return SKBitmap.Decode(encoded);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
