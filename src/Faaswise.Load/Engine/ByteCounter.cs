using System.Buffers;

namespace Faaswise.Load.Engine;

/// <summary>Reads a response body to the end, counting its bytes without keeping them.</summary>
internal static class ByteCounter
{
    private const int BufferSize = 16 * 1024;

    public static async Task<long> DrainAsync(HttpContent content, CancellationToken cancellation)
    {
        var stream = await content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
            try
            {
                long total = 0;
                int n;
                while ((n = await stream.ReadAsync(buffer.AsMemory(), cancellation).ConfigureAwait(false)) > 0)
                {
                    total += n;
                }

                return total;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }
}
