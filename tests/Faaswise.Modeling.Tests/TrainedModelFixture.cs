using Faaswise.Modeling.Datasets;
using Faaswise.Modeling.Forecasting;
using Faaswise.Modeling.LightGbm;
using Faaswise.Modeling.Profiling;
using Faaswise.Testing;

namespace Faaswise.Modeling.Tests;

/// <summary>One small model (the HEAVY runs, 30 iterations) trained once and saved for the tests that read it.</summary>
public sealed class TrainedModelFixture : IDisposable
{
    private readonly TempDirectory dir = new();

    public TrainedModelFixture()
    {
        Data = DatasetLoader.Load(SharedData.Path("runs", "HEAVY"));
        Options = new TrainingOptions { Groups = GroupList.Read(SharedData.Path("group_list.json")), Booster = new LightGbmParameters { Iterations = 30 } };
        Result = ForecasterTrainer.Train(Data, Options, "test");
        Directory = Path.Combine(dir.Path, "model");
        ModelDirectory.Save(Result, Directory);
    }

    public Dataset Data { get; }

    public TrainingOptions Options { get; }

    public TrainingResult Result { get; }

    public string Directory { get; }

    public void Dispose() => dir.Dispose();
}
