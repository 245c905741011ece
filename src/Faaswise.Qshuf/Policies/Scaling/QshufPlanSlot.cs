namespace Faaswise.Qshuf.Policies;

/// <summary>One tuple of QShuf's placement plan: the GPU a pod is pinned to, whether its model starts on it, whether it is a reserve.</summary>
public readonly record struct QshufPlanSlot(int Gpu, bool Cuda, bool Reserve);
