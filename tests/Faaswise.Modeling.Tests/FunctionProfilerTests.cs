using Faaswise.Modeling.Profiling;
using Faaswise.Testing;

namespace Faaswise.Modeling.Tests;

public class FunctionProfilerTests
{
    private static readonly IReadOnlyList<ProfileRow> Rows = ProfileLoader.Load(SharedData.Path("profiles"));

    [Fact]
    public void Reproduces_dfaas_pca_on_the_historical_profiles()
    {
        var result = FunctionProfiler.Fit(Rows, 3, seed: 42);

        Assert.Equal(180, result.VectorLength);
        double[] evr = [0.9557, 0.0307, 0.0135, 0.0001, 0, 0];
        for (var i = 0; i < evr.Length; i++) Assert.Equal(evr[i], result.Model.Pca.ExplainedVarianceRatio[i], 4);
        Assert.Equal(1, result.Model.ComponentsKept);

        var expected = new Dictionary<string, double>
        {
            ["curl"] = -2.372, ["eat-memory"] = 6.276, ["env"] = -3.253, ["figlet"] = -3.177, ["nmap"] = 5.764, ["shasum"] = -3.239,
        };
        var sign = Math.Sign(result.Model.Functions["nmap"][0]);
        foreach (var (function, pc1) in expected) Assert.Equal(pc1, sign * result.Model.Functions[function][0], 3);
    }

    [Fact]
    public void Groups_inertia_and_elbow_match_dfaas()
    {
        var result = FunctionProfiler.Fit(Rows, 3, seed: 42);

        Assert.Equal(["eat-memory", "nmap"], result.Groups["HIGH_USAGE"]);
        Assert.Equal(["curl"], result.Groups["MEDIUM_USAGE"]);
        Assert.Equal(["env", "figlet", "shasum"], result.Groups["LOW_USAGE"]);
        Assert.Equal(0.1345, result.Model.KMeans.Inertia, 4);
        double[] distortions = [4.0135, 0.2982, 0.1006, 0.0152, 0.0023, 0];
        Assert.Equal(distortions, result.Elbow.Select(e => Math.Round(e.Distortion, 4)));
    }

    [Fact]
    public void Named_group_file_is_the_agents_file()
    {
        var result = FunctionProfiler.Fit(Rows, 3, seed: 42);

        Assert.Equal("""{"HIGH_USAGE":["eat-memory","nmap"],"LOW_USAGE":["env","figlet","shasum"],"MEDIUM_USAGE":["curl"]}""", result.Groups.ToJson());
        Assert.Equal("""{"0":["eat-memory","nmap"],"1":["curl"],"2":["env","figlet","shasum"]}""", result.Groups.ToJson(result.GroupOrder));
    }

    [Fact]
    public void Same_seed_same_model()
    {
        var a = FunctionProfiler.Fit(Rows, 3, seed: 7);
        var b = FunctionProfiler.Fit(Rows, 3, seed: 7);

        Assert.Equal(a.Model.KMeans.Centers.SelectMany(c => c), b.Model.KMeans.Centers.SelectMany(c => c));
        Assert.Equal(a.Groups.ToJson(), b.Groups.ToJson());
    }

    [Fact]
    public void Auto_k_picks_the_best_silhouette()
    {
        var result = FunctionProfiler.Fit(Rows, null, seed: 42);

        var best = result.Elbow.Where(e => !double.IsNaN(e.Silhouette)).MaxBy(e => e.Silhouette)!;
        Assert.Equal(best.K, result.Model.KMeans.Centers.Length);
        Assert.Equal(Rows.Select(r => r.Name).Distinct().Count(), result.Elbow.Count);
    }

    [Fact]
    public void Each_training_function_is_assigned_back_to_its_own_group()
    {
        var result = FunctionProfiler.Fit(Rows, 3, seed: 42);

        foreach (var function in result.Groups.Functions)
        {
            var (group, _) = ProfileAssigner.Assign(result.Model, Rows.Where(r => r.Name == function).ToArray());
            Assert.Equal(result.Groups.GroupOf(function), group);
        }
    }

    [Fact]
    public void A_profile_the_skip_rule_cut_at_the_top_is_assigned_and_one_on_another_grid_is_refused_with_the_options_to_fix_it()
    {
        var result = FunctionProfiler.Fit(Rows, 3, seed: 42);
        var cut = Rows.Where(r => r.Name == "nmap" && r.Rate <= 100).ToArray(); // as if nmap had overloaded above 100 req/s

        Assert.Equal(result.Groups.GroupOf("nmap"), ProfileAssigner.Assign(result.Model, cut).Group);
        var shifted = Rows.Where(r => r.Name == "figlet" && r.Rate >= 40).ToArray();
        var error = Assert.Throws<FormatException>(() => ProfileAssigner.Assign(result.Model, shifted));
        Assert.Contains("[40, 60, 80, 100", error.Message, StringComparison.Ordinal);
        Assert.Contains("[20, 40, 60", error.Message, StringComparison.Ordinal);
        Assert.Contains("faaswise profile --functions NAME --min-rate 20 --max-rate 200 --rate-step 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_numeric_key_group_file_gets_each_function_back_in_one_of_its_own_groups_never_a_new_one()
    {
        using var dir = new TempDirectory();
        var withoutNmap = Rows.Where(r => r.Name != "nmap").ToArray(); // DFaaS's numeric-key naming then clashes: GROUP_0, GROUP_1
        var result = FunctionProfiler.Fit(withoutNmap, 3, seed: 42);
        var path = Path.Combine(dir.Path, "group_list.json");
        result.Groups.Write(path, result.GroupOrder);
        var numeric = GroupList.Read(path);
        Assert.Contains(numeric.Names, n => n.StartsWith("GROUP_", StringComparison.Ordinal));

        foreach (var function in result.Groups.Functions)
        {
            var (group, _) = ProfileAssigner.AssignIn(result.Model, numeric, function, Rows.Where(r => r.Name == function).ToArray());
            Assert.Equal(numeric.GroupOf(function), group);
        }

        var renamed = new GroupList();
        foreach (var g in result.Groups.Names) foreach (var f in result.Groups[g]) renamed.Add("team-" + g.ToLowerInvariant(), f);
        var curl = ProfileAssigner.AssignIn(result.Model, renamed, "curl-v2", Rows.Where(r => r.Name == "curl").ToArray()).Group;
        Assert.Equal(renamed.GroupOf("curl"), curl);
    }

    [Fact]
    public void Saved_model_round_trips_and_assigns_the_same()
    {
        using var dir = new TempDirectory();
        var result = FunctionProfiler.Fit(Rows, 3, seed: 42);
        var path = Path.Combine(dir.Path, ProfileModel.FileName);
        result.Model.Save(path);

        var loaded = ProfileModel.Load(path);
        var (group, projection) = ProfileAssigner.Assign(loaded, Rows.Where(r => r.Name == "curl").ToArray());
        Assert.Equal("MEDIUM_USAGE", group);
        Assert.Equal(result.Model.Functions["curl"][0], projection[0], 9);
    }
}
