namespace Faaswise.Simulation.Engine;

/// <summary>What a live controller would have measured of each function: moving means of inference, load and offload times.</summary>
internal sealed class Observations(int functions)
{
    private const double ServiceWeight = 0.1;
    private const double TransferWeight = 0.3;
    private readonly double[] _gpu = Filled(functions);
    private readonly double[] _cpu = Filled(functions);
    private readonly double[] _load = Filled(functions);
    private readonly double[] _offload = Filled(functions);

    public double Service(int function, bool onGpu) => onGpu ? _gpu[function] : _cpu[function];

    public double Load(int function) => _load[function];

    public double Offload(int function) => _offload[function];

    public void Inference(int function, bool onGpu, double seconds) => Update(onGpu ? _gpu : _cpu, function, seconds, ServiceWeight);

    public void Loaded(int function, double seconds) => Update(_load, function, seconds, TransferWeight);

    public void Offloaded(int function, double seconds) => Update(_offload, function, seconds, TransferWeight);

    private static void Update(double[] means, int function, double x, double weight) =>
        means[function] = double.IsNaN(means[function]) ? x : means[function] + (weight * (x - means[function]));

    private static double[] Filled(int n)
    {
        var a = new double[n];
        Array.Fill(a, double.NaN);
        return a;
    }
}
