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
//   paired MODEL URL INPUT SECONDS BLOCK [PREP IMAGE]                both at 1 in flight, in alternating blocks of BLOCK s
//   load MODEL THREADS                                               InferenceSession creation + one warm-up run, seconds
//   parse short|long SECONDS                                         the runtime's parsing of an image-sized FP32 tensor as
//                                                                    JSON (0.761-like or 0.123456789-like numbers), ms per body
// INPUT: empty (the fixed synthetic tensor), image (a PNG file: decode, resize, preprocess), json (the tensor as
// Open Inference Protocol JSON) or binary (the binary tensor data extension); in process, json and binary run the tensor;
// over HTTP, get sends GET URL (the HTTP floor). Prints one JSON line: requests, seconds, rate, p50/p90/p99/mean in ms.
// FAASWISE_PEER_DEVICE=cuda: in process and load use ONNX Runtime's CUDA provider (device 0), as `runtime serve --device cuda` does.
// FAASWISE_PEER_GAP_US=G: sleep G µs after each call (usleep, the thread parks), outside the timed part: the idle time an
// HTTP round trip leaves between runs.
var mode = args[0];
var gap = uint.TryParse(Environment.GetEnvironmentVariable("FAASWISE_PEER_GAP_US"), CultureInfo.InvariantCulture, out var g) ? g : 0;
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

if (mode == "paired")
{
    // paired MODEL URL INPUT SECONDS BLOCK [PREP IMAGE]: blocks of BLOCK seconds alternate in process and over HTTP for
    // SECONDS in all, so that both sides see the same drift of a shared machine; a 20 ms pause at each switch lets the
    // side that just ran go idle (ONNX Runtime's threads spin for a while after a run), then two untimed calls warm the next.
    var pairedInput = args[3];
    var total = double.Parse(args[4], CultureInfo.InvariantCulture);
    var block = double.Parse(args[5], CultureInfo.InvariantCulture);
    var local = InProcess(args[1], pairedInput, 0, args.Length > 6 ? args[6] : null, args.Length > 7 ? args[7] : null, cuda);
    // The runtime's own timing of each timed call (its X-Inference-Seconds and X-Queue-Seconds headers), warm-up calls left out.
    var timings = new List<(double Inference, double Queue)>();
    var remote = await Http(args[2], pairedInput, args.Length > 7 ? args[7] : null, timings);
    for (var i = 0; i < 5; i++)
    {
        await local();
        await remote();
    }

    var sides = new[] { new List<double>(), new List<double>() };
    var blockRatios = new List<double>();
    var timed = new List<(double Inference, double Queue)>();
    var clock = Stopwatch.StartNew();
    while (clock.Elapsed.TotalSeconds < total)
    {
        var p50s = new double[2];
        for (var side = 0; side < 2; side++)
        {
            await Task.Delay(20);
            // The first calls after a switch find the side's threads asleep and its caches cold: untimed, or every block
            // would add one such call to the tail (p99 about 30 ms instead of 18).
            var call = side == 0 ? local : remote;
            await call();
            await call();
            var from = timings.Count;
            var these = await Measure(call, block, 1, 0);
            if (side == 1) timed.AddRange(timings.Skip(from));
            sides[side].AddRange(these);
            p50s[side] = Percentile(these, 0.5);
        }

        blockRatios.Add(p50s[1] / p50s[0]);
    }

    Console.WriteLine(JsonSerializer.Serialize(new
    {
        seconds = clock.Elapsed.TotalSeconds,
        blocks = blockRatios.Count,
        inprocess = Summary(sides[0], total / 2),
        runtime = Summary(sides[1], total / 2),
        median_block_ratio = Percentile(blockRatios, 0.5),
        runtime_model_ms = timed.Average(t => t.Inference) * 1000,
        runtime_queue_ms = timed.Average(t => t.Queue) * 1000,
    }));
    return 0;
}

var input = args[2];
Func<Task> once;
double seconds;
int concurrency;
if (mode == "inprocess")
{
    seconds = double.Parse(args[4], CultureInfo.InvariantCulture);
    concurrency = int.Parse(args[5], CultureInfo.InvariantCulture);
    once = InProcess(args[1], input, int.Parse(args[3], CultureInfo.InvariantCulture), args.Length > 6 ? args[6] : null, args.Length > 7 ? args[7] : null, cuda);
}
else if (input == "get")
{
    seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
    concurrency = int.Parse(args[4], CultureInfo.InvariantCulture);
    var client = new HttpClient();
    once = async () =>
    {
        using var response = await client.GetAsync(args[1]);
        _ = await response.Content.ReadAsByteArrayAsync();
    };
}
else
{
    seconds = double.Parse(args[3], CultureInfo.InvariantCulture);
    concurrency = int.Parse(args[4], CultureInfo.InvariantCulture);
    once = await Http(args[1], input, args.Length > 5 ? args[5] : null);
}

for (var i = 0; i < 5; i++) await once();
var total_ = Stopwatch.StartNew();
var latencies = await Measure(once, seconds, concurrency, gap);
var elapsed = total_.Elapsed.TotalSeconds;
Console.WriteLine(JsonSerializer.Serialize(Summary(latencies, elapsed)));
return 0;

static async Task<List<double>> Measure(Func<Task> once, double seconds, int concurrency, uint gap)
{
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
            if (gap > 0 && usleep(gap) != 0) throw new InvalidOperationException("usleep failed");
        }
    })));
    return latencies;
}

[System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
static extern int usleep(uint microseconds);

static double Percentile(List<double> values, double q)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)Math.Floor(q * sorted.Count))];
}

static object Summary(List<double> latencies, double elapsed) => new
{
    requests = latencies.Count,
    seconds = elapsed,
    rate = latencies.Count / elapsed,
    p50 = Percentile(latencies, 0.5),
    p90 = Percentile(latencies, 0.9),
    p99 = Percentile(latencies, 0.99),
    mean = latencies.Average(),
};

static Func<Task> InProcess(string model, string input, int threads, string? prepPath, string? imagePath, bool cuda)
{
    var options = new SessionOptions { IntraOpNumThreads = threads, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };
    if (cuda) options.AppendExecutionProvider_CUDA(0);
    var session = new InferenceSession(model, options);
    // As the runtime does: the preprocessing model on the calling thread alone, so no second pool spins beside the model's.
    var prep = prepPath is null ? null : new InferenceSession(prepPath, new SessionOptions { IntraOpNumThreads = 1, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL });
    var image = imagePath is null ? null : File.ReadAllBytes(imagePath);
    var (name, meta) = session.InputMetadata.Single();
    var spec = new TensorSpec(name, "FP32", meta.Dimensions.Select(d => (long)d).ToArray());
    var synthetic = InferenceTensor.Synthetic(spec);
    var outputs = session.OutputMetadata.Keys.ToArray();
    var gate = new SemaphoreSlim(1, 1);
    // As the runtime does: the image's arrays are reused, not allocated per request.
    var arrays = new TensorArrays();
    return async () =>
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
            if (!ReferenceEquals(tensor, synthetic)) arrays.Return(tensor.Data);
            gate.Release();
        }
    };
}

static async Task<Func<Task>> Http(string url, string input, string? imagePath, List<(double Inference, double Queue)>? timings = null)
{
    var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
    var metadata = input is "json" or "binary" ? JsonDocument.Parse(await client.GetStringAsync(url.Replace("/infer", "", StringComparison.Ordinal))).RootElement.GetProperty("inputs")[0] : default;
    var (body, jsonLength) = input switch
    {
        "image" => (File.ReadAllBytes(imagePath!), 0),
        "json" => (Encoding.UTF8.GetBytes(Json(metadata, binary: false)), 0),
        "binary" => Binary(metadata),
        _ => ([], 0),
    };
    return async () =>
    {
        using var content = new ByteArrayContent(body);
        if (jsonLength > 0) content.Headers.Add(InferenceRequestJson.BinaryHeader, jsonLength.ToString(CultureInfo.InvariantCulture));
        using var response = await client.PostAsync(url, content);
        var text = await response.Content.ReadAsByteArrayAsync();
        if ((int)response.StatusCode != 200) throw new InvalidOperationException($"{(int)response.StatusCode}: {Encoding.UTF8.GetString(text)}");
        timings?.Add((Header(response, "X-Inference-Seconds"), Header(response, "X-Queue-Seconds")));
    };

    static double Header(HttpResponseMessage response, string name) =>
        double.Parse(response.Headers.GetValues(name).Single(), CultureInfo.InvariantCulture);
}

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
