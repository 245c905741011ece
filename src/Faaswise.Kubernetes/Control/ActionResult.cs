namespace Faaswise.Kubernetes.Control;

/// <summary>How an action on the cluster ended: done (with the runtime's new state when it reported one), refused for good, or failed for now (tried again).</summary>
public sealed record ActionResult(string? Refusal, bool Transient, RuntimeState? State = null)
{
    /// <summary>Done.</summary>
    public static ActionResult Done(RuntimeState? state = null) => new(null, false, state);

    /// <summary>Refused: trying again would not help.</summary>
    public static ActionResult Refused(string why) => new(why, false);

    /// <summary>Failed for now: try again.</summary>
    public static ActionResult Retry(string why) => new(why, true);
}
