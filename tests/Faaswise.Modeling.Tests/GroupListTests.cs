using Faaswise.Modeling.Profiling;
using Faaswise.Testing;

namespace Faaswise.Modeling.Tests;

public class GroupListTests
{
    [Fact]
    public void Numeric_dfaas_file_gets_the_agents_names_and_is_written_back_numbered_alike()
    {
        var groups = GroupList.Read(SharedData.Path("group_list.json"));

        Assert.Equal(["HIGH_USAGE", "LOW_USAGE", "MEDIUM_USAGE"], groups.Names);
        Assert.Equal(["curl"], groups["MEDIUM_USAGE"]);
        Assert.Equal(File.ReadAllText(SharedData.Path("group_list.json")).Replace(" ", "", StringComparison.Ordinal), groups.ToJson(groups.NumericOrder));
    }

    [Fact]
    public void Move_removes_the_function_from_its_old_group_and_keeps_empty_groups()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("g.json", """{"HIGH_USAGE": ["nmap"], "LOW_USAGE": ["figlet", "env"]}""");
        var groups = GroupList.Read(path);

        Assert.Equal("HIGH_USAGE", groups.Move("nmap", "LOW_USAGE"));
        groups.Write(path);

        Assert.Equal("""{"HIGH_USAGE":[],"LOW_USAGE":["env","figlet","nmap"]}""", File.ReadAllText(path));
        Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
    }

    [Fact]
    public void A_function_in_two_groups_is_refused()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("g.json", """{"HIGH_USAGE": ["nmap"], "LOW_USAGE": ["nmap"]}""");

        Assert.Contains("nmap is in both", Assert.Throws<FormatException>(() => GroupList.Read(path)).Message, StringComparison.Ordinal);
    }
}
