using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Faaswise.Runtime.Models;
using Faaswise.Runtime.Tensors;
using Microsoft.ML.OnnxRuntime;

// bench/runtime's peer. One timing loop, two targets, so both sides are measured the same way:
//   inprocess MODEL INPUT THREADS SECONDS CONCURRENCY [PREP IMAGE]  ONNX Runtime called in this process
//   http URL INPUT SECONDS CONCURRENCY [IMAGE]                       faaswise runtime over HTTP (keep-alive)
//   load MODEL THREADS                                               InferenceSession creation + one warm-up run, seconds
//   parse short|long SECONDS                                         the runtime's parsing of an image-sized FP32 tensor as
//                                                                    JSON (0.761-like or 0.123456789-like numbers), ms per body
// INPUT: empty (the fixed synthetic tensor), image (a PNG file: decode, resize, preprocess), json (the tensor as
// Open Inference Protocol JSON) or binary (the binary tensor data extension); in process, json and binary run the tensor. Prints one JSON line: requests, seconds, rate, p50/p90/p99/mean in ms.
// FAASWISE_PEER_DEVICE=cuda: in process and load use ONNX Runtime's CUDA provider (device 0), as `runtime serve --device cuda` does.
// FAASWISE_PEER_GAP_MS=G: sleep G ms after each call, outside the timed part (the idle time an HTTP round trip leaves).
var mode = args[0];
var gap = int.TryParse(Environment.GetEnvironmentVariable("FAASWISE_PEER_GAP_MS"), CultureInfo.InvariantCulture, out var g) ? g : 0;
var cuda = Environment.GetEnvironmentVariable("FAASWISE_PEER_DEVICE") == "cuda";
if (mode == "load")
{
    var clock = Stopwatch.StartNew();
    using var options = new SessionOptions { IntraOpNumThreads = int.Parse(args[2], CultureInfo.InvariantCulture) };
    if (cuda) options.AppendExecutionProvider_CUDA(0);
    using var session = new InferenceSession(args[1], options);
    var spec = session.InputMetadata.Single();
    var tensor = InferenceTensor.Synthetic(new TensorSpec(spec.Key, "FP32", spec.Value.Dimensions.Select(d => (long)d).ToArray()));
    using (var value = tensor.ToOrtValue())
    using (var run = new RunOptions())
    using (var warm = session.Run(run, [spec.Key], [value], session.OutputMetadata.Keys.ToArray()))
    {
    }

    Console.WriteLine(JsonSerializer.Serialize(new { seconds = clock.Elapsed.TotalSeconds }));
    return 0;
}

if (mode == "parse")
{
    var spec = new TensorSpec("Input247", "FP32", [1, 3, 224, 224]);
    var random = new Random(1);
    var values = Enumerable.Range(0, 3 * 224 * 224).Select(i => args[1] == "short" ? (i * 2654435761u % 1000) / 1000f : (float)random.NextDouble()).ToArray();
    var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { inputs = new[] { new { name = spec.Name, shape = spec.Shape, datatype = "FP32", data = values } } }));
    var arrays = new TensorArrays();
    var limit = double.Parse(args[2], CultureInfo.InvariantCulture);
    var bodies = 0;
    var parsing = Stopwatch.StartNew();
    while (parsing.Elapsed.TotalSeconds < limit || bodies < 5)
    {
        arrays.Return(InferenceRequestJson.Parse(json, [spec], null, arrays).Inputs);
        bodies++;
    }

    Console.WriteLine(JsonSerializer.Serialize(new { bytes = json.Length, bodies, ms = parsing.Elapsed.TotalMilliseconds / bodies }));
    return 0;
}

var input = args[2];
Func<Task> once;
double seconds;
int concurrency;
if (mode == "inprocess")
{
    var threads = int.Parse(args[3], CultureInfo.InvariantCulture);
    seconds = double.Parse(args[4], CultureInfo.InvariantCulture);
    concurrency = int.Parse(args[5], CultureInfo.InvariantCulture);
    var options = new SessionOptions { IntraOpNumThreads = threads, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
    if (cuda) options.AppendExecutionProvider_CUDA(0);
    var session = new InferenceSession(args[1], options);
    // As the runtime does: the preprocessing model on the calling thread alone, so no second pool spins beside the model's.
    var prep = args.Length > 6 ? new InferenceSession(args[6], new SessionOptions { IntraOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL }) : null;
    var image = args.Length > 7 ? File.ReadAllBytes(args[7]) : null;
    var (name, meta) = session.InputMetadata.Single();
    var spec = new TensorSpec(name, "FP32", meta.Dimensions.Select(d => (long)d).ToArray());
    var synthetic = InferenceTensor.Synthetic(spec);
    var outputs = session.OutputMetadata.Keys.ToArray();
    var gate = new SemaphoreSlim(1, 1);
    // As the runtime does: the image's arrays are reused, not allocated per request.
    var arrays = new TensorArrays();
    once = async () =>
    {
        var tensor = synthetic;
        if (input == "image")
        {
            var pixels = ImageInput.Decode(image, spec, arrays);
            using var p = pixels.ToOrtValue();
            using var prepRun = new RunOptions();
            using var prepared = prep!.Run(prepRun, [prep.InputMetadata.Keys.Single()], [p], prep.OutputMetadata.Keys.ToArray());
            tensor = InferenceTensor.FromOrtValue(name, prepared[0], arrays) with { Shape = pixels.Shape };
            arrays.Return(pixels.Data);
        }

        // One model run at a time, as the runtime's single worker does.
        await gate.WaitAsync();
        try
        {
            using var value = tensor.ToOrtValue();
            using var run = new RunOptions();
            using var results = session.Run(run, [name], [value], outputs);
            _ = InferenceTensor.FromOrtValue(outputs[0], results[0]);
        }
        finally
        {
            arrays.Return(tensor.Data);
            gate.Release();
        }
    };
}
else
{
    var url = args[1];
    seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
    concurrency = int.Parse(args[4], CultureInfo.InvariantCulture);
    var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
    var metadata = input is "json" or "binary" ? JsonDocument.Parse(await client.GetStringAsync(url.Replace("/infer", "", StringComparison.Ordinal))).RootElement.GetProperty("inputs")[0] : default;
    var (body, jsonLength) = input switch
    {
        "image" => (File.ReadAllBytes(args[5]), 0),
        "json" => (Encoding.UTF8.GetBytes(Json(metadata, binary: false)), 0),
        "binary" => Binary(metadata),
        _ => ([], 0),
    };
    once = async () =>
    {
        using var content = new ByteArrayContent(body);
        if (jsonLength > 0) content.Headers.Add(InferenceRequestJson.BinaryHeader, jsonLength.ToString(CultureInfo.InvariantCulture));
        using var response = await client.PostAsync(url, content);
        var text = await response.Content.ReadAsByteArrayAsync();
        if ((int)response.StatusCode != 200) throw new InvalidOperationException($"{(int)response.StatusCode}: {Encoding.UTF8.GetString(text)}");
    };
}

for (var i = 0; i < 5; i++) await once();
var latencies = new List<double>();
var total = Stopwatch.StartNew();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
{
    while (total.Elapsed.TotalSeconds < seconds)
    {
        var start = Stopwatch.GetTimestamp();
        await once();
        var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        lock (latencies) latencies.Add(ms);
        if (gap > 0) await Task.Delay(gap);
    }
})));
var elapsed = total.Elapsed.TotalSeconds;
latencies.Sort();
double P(double q) => latencies[Math.Min(latencies.Count - 1, (int)Math.Floor(q * latencies.Count))];
Console.WriteLine(JsonSerializer.Serialize(new { requests = latencies.Count, seconds = elapsed, rate = latencies.Count / elapsed, p50 = P(0.5), p90 = P(0.9), p99 = P(0.99), mean = latencies.Average() }));
return 0;

static InferenceTensor Tensor(JsonElement spec)
{
    var shape = spec.GetProperty("shape").EnumerateArray().Select(e => Math.Max(1, e.GetInt64())).ToArray();
    return InferenceTensor.Synthetic(new TensorSpec(spec.GetProperty("name").GetString()!, "FP32", shape));
}

static string Json(JsonElement spec, bool binary)
{
    var tensor = Tensor(spec);
    return binary
        ? JsonSerializer.Serialize(new { inputs = new[] { new { name = tensor.Name, shape = tensor.Shape, datatype = "FP32", parameters = new { binary_data_size = tensor.Data.Length * 4 } } } })
        : JsonSerializer.Serialize(new { inputs = new[] { new { name = tensor.Name, shape = tensor.Shape, datatype = "FP32", data = (float[])tensor.Data } } });
}

static (byte[] Body, int JsonLength) Binary(JsonElement spec)
{
    var json = Encoding.UTF8.GetBytes(Json(spec, binary: true));
    var data = System.Runtime.InteropServices.MemoryMarshal.AsBytes(((float[])Tensor(spec).Data).AsSpan()).ToArray();
    return ([.. json, .. data], json.Length);
}
