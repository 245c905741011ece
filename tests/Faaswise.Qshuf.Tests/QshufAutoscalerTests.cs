using Faaswise.Qshuf.Policies;

namespace Faaswise.Qshuf.Tests;

public class QshufAutoscalerTests
{
    // reference/qshuf.md §2.3, the worked-example table.
    [Theory]
    [InlineData(0.07, 14.29, 0, 0.5, 1, 1)]
    [InlineData(0.07, 14.29, 10, 1, 1, 3)]
    [InlineData(0.07, 120, 0, 0.1, 1, 2)]
    [InlineData(0.07, 14.29, 0, 0.1, 3, 1)]
    [InlineData(0.07, 500, 0, 0, 1, 4)]
    [InlineData(0.6, 0, 0, 0, 4, 2)]
    [InlineData(0.6, 0, 0, 0, 0, 1)]
    [InlineData(0.06, 50, 0, 0, 0, 1)]
    public void DesiredReplicas_WorkedExamples_MatchTheArtifactsTable(double latency, double rps, double queue, double cv, int ready, int expected) =>
        Assert.Equal(expected, new QshufAutoscaler().DesiredReplicas(latency, rps, queue, cv, ready));

    [Fact]
    public void DesiredReplicas_QueueTermDrivesScaleUp_AtEs1Rates()
    {
        var scaler = new QshufAutoscaler();
        Assert.Equal(1, scaler.DesiredReplicas(0.07, 14.29, 6, 1, 1));
        Assert.Equal(2, scaler.DesiredReplicas(0.07, 14.29, 7, 1, 1));
    }

    [Fact]
    public void DesiredReplicas_CapacityNumerator_IsAParameter()
    {
        var serial = new QshufAutoscaler(CapacityNumerator: 1);
        Assert.Equal(1, serial.DesiredReplicas(0.07, 20, 0, 1, 1));
        Assert.Equal(2, serial.DesiredReplicas(0.07, 25, 0, 1, 1));
    }
}
