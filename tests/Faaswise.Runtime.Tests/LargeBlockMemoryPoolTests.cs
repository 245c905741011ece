using System.Net;
using System.Runtime.InteropServices;
using Faaswise.Runtime.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.DependencyInjection;

namespace Faaswise.Runtime.Tests;

public sealed class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Every_block_holds_64_KiB_whatever_size_is_asked_and_larger_asks_are_refused()
    {
        using var pool = new LargeBlockMemoryPool();
        foreach (var size in new[] { -1, 1, 4096, LargeBlockMemoryPool.BlockSize })
        {
            using var block = pool.Rent(size);
            Assert.Equal(LargeBlockMemoryPool.BlockSize, block.Memory.Length);
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void A_block_disposed_twice_goes_back_once_and_is_rented_again()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        var array = Array(block.Memory);
        block.Dispose();
        block.Dispose();
        Assert.Equal(1, pool.FreeBlocks);
        Assert.Throws<ObjectDisposedException>(() => block.Memory);

        using var again = pool.Rent();
        using var fresh = pool.Rent();
        Assert.Same(array, Array(again.Memory));
        Assert.NotSame(array, Array(fresh.Memory));
        Assert.Equal(0, pool.FreeBlocks);
    }

    [Fact]
    public void No_more_than_the_kept_number_of_free_blocks_is_held()
    {
        using var pool = new LargeBlockMemoryPool();
        var blocks = Enumerable.Range(0, LargeBlockMemoryPool.Kept + 10).Select(_ => pool.Rent()).ToList();
        foreach (var b in blocks) b.Dispose();
        Assert.Equal(LargeBlockMemoryPool.Kept, pool.FreeBlocks);
    }

    [Fact]
    public async Task The_runtime_hosts_connections_take_their_buffers_from_this_pool()
    {
        await using var app = RuntimeHost.Build(IPAddress.Loopback, 0);
        Assert.IsType<LargeBlockMemoryPool.Factory>(app.Services.GetRequiredService<IMemoryPoolFactory<byte>>());
    }

    private static byte[] Array(Memory<byte> memory) =>
        MemoryMarshal.TryGetArray<byte>(memory, out var segment) ? segment.Array! : throw new InvalidOperationException("not an array");
}
