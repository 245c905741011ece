using System.Diagnostics;

namespace Faaswise.Load.Engine;

/// <summary>
/// Records when a request's first byte reaches the socket. The send path sets <see cref="Current"/>; the
/// connection stream (<see cref="StampingStream"/>) stamps it on its first write. Because the execution
/// context flows through the handler, this works even when the request waited for a free connection.
/// </summary>
internal sealed class SendStamp
{
    public static readonly AsyncLocal<SendStamp?> Current = new();

    public long Timestamp;

    public static void MarkWrite()
    {
        var stamp = Current.Value;
        if (stamp is not null && stamp.Timestamp == 0)
        {
            stamp.Timestamp = Stopwatch.GetTimestamp();
        }
    }
}
