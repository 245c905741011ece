using Faaswise.Load.Arrivals;
using Faaswise.Load.Targets;

namespace Faaswise.Load.Engine;

/// <summary>A target and the schedule it is sent on.</summary>
public sealed record AttackTarget(Target Target, IArrivalProcess Arrivals);
