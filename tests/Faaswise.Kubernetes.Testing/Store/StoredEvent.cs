using System.Text.Json.Nodes;

namespace Faaswise.Kubernetes.Testing.Store;

/// <summary>One change in the store's history: ADDED, MODIFIED or DELETED, with the object as it was then and, for MODIFIED, as it was before.</summary>
public sealed record StoredEvent(string Type, ResourceType Resource, string? Namespace, long Revision, JsonObject Item, JsonObject? Previous = null);
