namespace Faaswise.Modeling.Profiling;

/// <summary>One k of the elbow/silhouette table.</summary>
/// <param name="K">Clusters.</param>
/// <param name="Distortion">Mean distance of functions to their centre (DFaaS's elbow measure).</param>
/// <param name="Inertia">Sum of squared distances to centres.</param>
/// <param name="Silhouette">Mean silhouette; NaN for k = 1 and k = n.</param>
public sealed record ElbowRow(int K, double Distortion, double Inertia, double Silhouette);
