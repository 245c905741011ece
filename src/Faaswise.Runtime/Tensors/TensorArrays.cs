namespace Faaswise.Runtime.Tensors;

/// <summary>
/// Reuses the large arrays that requests' tensors live in. An image-sized input is 602 kB, so each request used to
/// allocate two or three arrays on the large object heap, and a full, blocking collection followed every third
/// request (1.3 ms of a 3 ms overhead on ResNet-18). Arrays have exactly the length asked for, because ONNX Runtime
/// takes a tensor's length from its array; below <see cref="MinimumBytes"/> (the large object heap's threshold) they
/// are plain allocations. Only arrays rented here and not yet returned are taken back (an array that a timed-out run
/// may still be reading is never returned, and the collector takes it), and at most <see cref="Kept"/> of each type
/// and length are kept.
/// </summary>
public sealed class TensorArrays
{
    /// <summary>Arrays smaller than this are allocated and left to the collector as usual.</summary>
    public const int MinimumBytes = 85_000;

    /// <summary>Spare arrays kept per element type and length.</summary>
    public const int Kept = 8;

    private readonly Dictionary<(Type, long), Stack<Array>> spare = [];
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Array, object> rented = [];

    /// <summary>An array of exactly <paramref name="count"/> elements; its contents are whatever it last held.</summary>
    public T[] Rent<T>(long count)
        where T : unmanaged
    {
        if (count * System.Runtime.CompilerServices.Unsafe.SizeOf<T>() < MinimumBytes) return new T[count];
        T[] array;
        lock (spare) array = spare.TryGetValue((typeof(T), count), out var stack) && stack.Count > 0 ? (T[])stack.Pop() : new T[count];
        rented.Add(array, spare);
        return array;
    }

    /// <summary>Takes back an array rented here and no longer used; any other array is ignored.</summary>
    public void Return(Array array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (!rented.Remove(array)) return;
        lock (spare)
        {
            var key = (array.GetType().GetElementType()!, (long)array.Length);
            if (!spare.TryGetValue(key, out var stack)) spare[key] = stack = new Stack<Array>();
            if (stack.Count < Kept) stack.Push(array);
        }
    }

    /// <summary>Takes back the arrays of <paramref name="tensors"/> that were rented here.</summary>
    public void Return(IEnumerable<InferenceTensor> tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var t in tensors) Return(t.Data);
    }
}
