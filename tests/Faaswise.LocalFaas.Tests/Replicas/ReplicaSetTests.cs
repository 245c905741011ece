using Faaswise.LocalFaas.Functions;
using Faaswise.LocalFaas.Replicas;
using Faaswise.OpenFaas.Api;
using Faaswise.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Faaswise.LocalFaas.Tests.Replicas;

public sealed class ReplicaSetTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_replica_that_dies_before_ready_is_restarted_on_the_sets_clock_with_doubling_backoff()
    {
        var clock = new WatchedClock(DateTimeOffset.UnixEpoch);
        var logs = new FunctionLogs(clock);
        var options = new GatewayOptions
        {
            Port = 0,
            WatchdogCommand = ["sh", "-c", "echo started >&2; exit 3", "sh"],
            RestartBackoff = TimeSpan.FromSeconds(1),
            MaxRestartBackoff = TimeSpan.FromSeconds(10),
        };
        var definition = FunctionDefinition.From(new FunctionDeployment { Service = "crashy", Image = "crashy", EnvProcess = "true" }, options);

        await using var set = new ReplicaSet(definition, 1, options, clock, NullLogger.Instance, logs);

        // First start fails; the next is held back 1 s on the fake clock, however long the machine takes.
        await clock.WaitUntilArmedAsync(due => due == TimeSpan.FromSeconds(1), Limit);
        Assert.Single(logs.Read("crashy", null, null));
        Assert.Equal(0, set.ReadyCount);

        clock.Advance(TimeSpan.FromSeconds(1));
        await clock.WaitUntilArmedAsync(due => due == TimeSpan.FromSeconds(2), Limit);
        Assert.Equal(2, logs.Read("crashy", null, null).Count);
        Assert.All(logs.Read("crashy", null, null), line => Assert.Equal("started", line.Text));
    }
}
