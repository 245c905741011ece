namespace Faaswise.LocalFaas.Replicas;

/// <summary>The outcome of asking a function for a replica.</summary>
internal readonly record struct Admission(Replica? Replica, int Status, string? Reason)
{
    public static Admission To(Replica replica) => new(replica, 0, null);

    public static Admission Rejected(int status, string reason) => new(null, status, reason);
}
