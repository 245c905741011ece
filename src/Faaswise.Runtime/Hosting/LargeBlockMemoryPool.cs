using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace Faaswise.Runtime.Hosting;

/// <summary>
/// Kestrel's connection buffers in blocks of 64 KiB instead of its 4 KiB: a tensor body (0.6 MB for ResNet-18's
/// input) then arrives in about 20 socket reads instead of 300, which took 0.2-0.3 ms off each binary request at
/// 1 in flight (docs/benchmarks.md). About <see cref="Kept"/> free blocks are kept for reuse; more go to the collector.
/// </summary>
internal sealed class LargeBlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;
    public const int Kept = 64;
    private readonly ConcurrentQueue<byte[]> free = new();

    public override int MaxBufferSize => BlockSize;

    /// <summary>Free blocks held for reuse.</summary>
    public int FreeBlocks => free.Count;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        if (minBufferSize > BlockSize) throw new ArgumentOutOfRangeException(nameof(minBufferSize), minBufferSize, $"blocks hold {BlockSize} bytes");
        return new Block(this, free.TryDequeue(out var block) ? block : GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true));
    }

    protected override void Dispose(bool disposing) => free.Clear();

    // A soft cap: blocks returned at the same moment may each see room for one more.
    private void Return(byte[] block)
    {
        if (free.Count < Kept) free.Enqueue(block);
    }

    private sealed class Block(LargeBlockMemoryPool pool, byte[] array) : IMemoryOwner<byte>
    {
        private byte[]? array = array;

        public Memory<byte> Memory => array ?? throw new ObjectDisposedException(nameof(Block));

        public void Dispose()
        {
            if (Interlocked.Exchange(ref array, null) is { } a) pool.Return(a);
        }
    }

    /// <summary>Registered in the host's services after Kestrel's own, so that its socket transport takes this one.</summary>
    public sealed class Factory : IMemoryPoolFactory<byte>
    {
        public MemoryPool<byte> Create(MemoryPoolOptions? options = null) => new LargeBlockMemoryPool();
    }
}
