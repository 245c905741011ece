using System.Text;
using System.Text.Json;
using Faaswise.Runtime.Models;
using Faaswise.Runtime.Tensors;

namespace Faaswise.Runtime.Tests;

public sealed class InferenceRequestJsonTests
{
    private static readonly TensorSpec[] TwoInputs = [new("a", "FP32", [2, 3]), new("b", "INT64", [-1])];

    [Fact]
    public void Fields_after_a_data_array_are_read_and_nested_or_spaced_arrays_give_their_numbers_in_order()
    {
        var json = """
            { "inputs": [
                { "data": [ [1, -2.5 ,3e2] , [ 0.125,4,5 ] ], "name": "a", "datatype": "FP32", "shape": [2, 3], "parameters": { "x": [1, 2] } },
                { "name": "b", "data": [7, -8], "shape": [2], "datatype": "INT64" } ],
              "id": "after-both" }
            """;

        var (id, tensors) = InferenceRequestJson.Parse(Encoding.UTF8.GetBytes(json), TwoInputs);

        Assert.Equal("after-both", id);
        Assert.Equal([1f, -2.5f, 300f, 0.125f, 4f, 5f], (float[])tensors[0].Data);
        Assert.Equal([2L, 3L], tensors[0].Shape);
        Assert.Equal([7L, -8L], (long[])tensors[1].Data);
    }

    [Fact]
    public void Random_nested_arrays_give_what_a_json_document_holds()
    {
        var random = new Random(3);
        for (var k = 0; k < 200; k++)
        {
            var values = Enumerable.Range(0, 6).Select(_ => (float)((random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-8, 9)))).ToArray();
            var data = random.Next(2) == 0 ? JsonSerializer.Serialize(values) : JsonSerializer.Serialize(new[] { values[..3], values[3..] });
            var spaced = string.Concat(data.Select(c => c is ',' or '[' or ']' && random.Next(3) == 0 ? $" {c}\n" : c.ToString()));
            var json = $$"""{"inputs":[{"name":"a","datatype":"FP32","shape":[2,3],"data":{{spaced}}},{"name":"b","datatype":"INT64","shape":[1],"data":[1]}]}""";

            var (_, tensors) = InferenceRequestJson.Parse(Encoding.UTF8.GetBytes(json), TwoInputs);

            var expected = JsonDocument.Parse(data).RootElement.EnumerateArray()
                .SelectMany(e => e.ValueKind == JsonValueKind.Array ? e.EnumerateArray().Select(x => x.GetSingle()) : [e.GetSingle()]).ToArray();
            Assert.Equal(expected, (float[])tensors[0].Data);
        }
    }

    [Theory]
    [InlineData("[1,,2,3,4,5,6]", "not JSON")]
    [InlineData("[1 2,3,4,5,6]", "not JSON")]
    [InlineData("[1,2,3,4,5,6,]", "not JSON")]
    [InlineData("[,1,2,3,4,5,6]", "not JSON")]
    [InlineData("[[1,2,3][4,5,6]]", "not JSON")]
    [InlineData("[01,2,3,4,5,6]", "holds 01")]
    [InlineData("[1.,2,3,4,5,6]", "holds 1.")]
    [InlineData("[+1,2,3,4,5,6]", "holds +1")]
    [InlineData("[1,2,3,4,5,1e99]", "holds 1e99")]
    [InlineData("[1,2,3,4,5,true]", "holds true")]
    [InlineData("[1,2,3,4,5,\"6\"]", "holds \"6\"")]
    [InlineData("[[1,2,3],[4,5,6]", "not JSON")]
    [InlineData("[1,2,3,4,5,6]] ", "not JSON")]
    public void A_malformed_data_array_is_refused_with_a_reason(string data, string reason)
    {
        var json = $$"""{"inputs":[{"name":"a","datatype":"FP32","shape":[2,3],"data":{{data}}},{"name":"b","datatype":"INT64","shape":[1],"data":[1]}]}""";

        var e = Assert.Throws<FormatException>(() => InferenceRequestJson.Parse(Encoding.UTF8.GetBytes(json), TwoInputs));

        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_json_after_a_data_array_is_still_refused()
    {
        var json = """{"inputs":[{"name":"a","datatype":"FP32","data":[1,2,3,4,5,6] "shape":[2,3]}]}""";

        var e = Assert.Throws<FormatException>(() => InferenceRequestJson.Parse(Encoding.UTF8.GetBytes(json), TwoInputs));

        Assert.Contains("not JSON", e.Message, StringComparison.Ordinal);
    }
}
