namespace Faaswise.Modeling.Profiling;

/// <summary>The Function Profiler's output.</summary>
/// <param name="Model">The fitted scaler, PCA and k-means.</param>
/// <param name="Groups">Functions by group name.</param>
/// <param name="GroupOrder">Group names from highest to lowest resource use (the numbering of numeric keys).</param>
/// <param name="Elbow">The elbow/silhouette table, k = 1..n.</param>
/// <param name="VectorLength">Length of each function's profile vector.</param>
public sealed record ProfilerResult(ProfileModel Model, GroupList Groups, IReadOnlyList<string> GroupOrder, IReadOnlyList<ElbowRow> Elbow, int VectorLength);
