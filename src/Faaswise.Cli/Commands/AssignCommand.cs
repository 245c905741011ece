using System.CommandLine;
using System.Globalization;
using Faaswise.Modeling.Profiling;

namespace Faaswise.Cli.Commands;

/// <summary><c>faaswise assign</c>: Predict Profile.</summary>
internal static class AssignCommand
{
    public static Command Create(CliConsole console)
    {
        var profile = new Option<string>("--profile") { Description = "Profile CSV of the new function (faaswise profile's output)", Required = true };
        var groups = new Option<string>("--groups") { Description = "Group file to update (written atomically)", Required = true };
        var modelFile = new Option<string?>("--profiler-model") { Description = "The Function Profiler's fitted model [default: " + ProfileModel.FileName + " beside the group file]" };
        var function = new Option<string?>("--function") { Description = "Which function of the profile file to assign, when it holds several" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print the group without changing the file" };
        var json = new Option<bool>("--json") { Description = "Print the assignment as JSON on stdout" };
        var command = new Command("assign", "Put a new function in the group its profile belongs to, with the training scaler, PCA and k-means (Predict Profile).")
        {
            profile, groups, modelFile, function, dryRun, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var groupPath = parse.GetValue(groups)!;
            var model = ProfileModel.Load(parse.GetValue(modelFile) ?? ProfileModel.PathBeside(groupPath));
            var list = GroupList.Read(groupPath);
            var rows = ProfileLoader.Load(parse.GetValue(profile)!);
            var names = rows.Select(r => r.Name).Distinct().ToArray();
            var name = parse.GetValue(function)
                ?? (names.Length == 1 ? names[0] : throw new UsageException($"the profile holds {names.Length} functions ({string.Join(", ", names)}): choose one with --function"));
            var mine = rows.Where(r => r.Name == name).ToArray();
            if (mine.Length == 0) throw new UsageException($"the profile has no rows of '{name}' (it has {string.Join(", ", names)})");

            var (group, projection) = ProfileAssigner.AssignIn(model, list, name, mine);
            var previous = list.GroupOf(name);
            var pc = string.Join(", ", projection.Select(p => p.ToString("F3", CultureInfo.InvariantCulture)));
            var move = previous is null ? "new" : previous == group ? "unchanged" : $"moved from {previous}";
            if (!parse.GetValue(dryRun))
            {
                list.Move(name, group);
                list.Write(groupPath, list.NumericOrder);
            }

            if (parse.GetValue(json))
            {
                var report = new { function = name, group, previous_group = previous, change = previous is null ? "new" : previous == group ? "unchanged" : "moved", projection, dry_run = parse.GetValue(dryRun), group_file = groupPath };
                await console.Out.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(report)).ConfigureAwait(false);
                return ExitCodes.Success;
            }

            await console.Out.WriteLineAsync($"{name} -> {group} (PC {pc}; {move}){(parse.GetValue(dryRun) ? "; dry run, file unchanged" : "; wrote " + groupPath)}").ConfigureAwait(false);
            return ExitCodes.Success;
        });
        return command;
    }
}
