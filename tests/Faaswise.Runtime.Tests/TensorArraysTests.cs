using Faaswise.Runtime.Tensors;

namespace Faaswise.Runtime.Tests;

public sealed class TensorArraysTests
{
    private const int Large = 3 * 224 * 224;

    [Fact]
    public void A_returned_large_array_is_rented_again_for_the_same_type_and_length_only()
    {
        var arrays = new TensorArrays();
        var first = arrays.Rent<float>(Large);
        Assert.Equal(Large, first.Length);
        arrays.Return(first);

        Assert.NotSame(first, arrays.Rent<float>(Large + 1));
        Assert.NotSame(first, arrays.Rent<int>(Large));
        Assert.Same(first, arrays.Rent<float>(Large));
        Assert.NotSame(first, arrays.Rent<float>(Large));
    }

    [Fact]
    public void Small_arrays_and_arrays_not_rented_here_are_never_handed_out_again()
    {
        var arrays = new TensorArrays();
        var small = arrays.Rent<float>(1000);
        arrays.Return(small);
        Assert.NotSame(small, arrays.Rent<float>(1000));

        var foreign = new float[Large];
        arrays.Return(foreign);
        Assert.NotSame(foreign, arrays.Rent<float>(Large));
    }

    [Fact]
    public void An_array_returned_twice_is_handed_out_once()
    {
        var arrays = new TensorArrays();
        var array = arrays.Rent<double>(Large);
        arrays.Return(array);
        arrays.Return(array);

        var a = arrays.Rent<double>(Large);
        var b = arrays.Rent<double>(Large);
        Assert.Same(array, a);
        Assert.NotSame(a, b);
    }

    [Fact]
    public void At_most_the_kept_number_of_spare_arrays_is_held_per_length()
    {
        var arrays = new TensorArrays();
        var rented = Enumerable.Range(0, TensorArrays.Kept + 3).Select(_ => arrays.Rent<float>(Large)).ToList();
        foreach (var a in rented) arrays.Return(a);

        var again = Enumerable.Range(0, TensorArrays.Kept + 3).Select(_ => arrays.Rent<float>(Large)).ToList();
        Assert.Equal(TensorArrays.Kept, again.Count(a => rented.Contains(a)));
        Assert.Equal(again.Count, again.Distinct().Count());
    }
}
