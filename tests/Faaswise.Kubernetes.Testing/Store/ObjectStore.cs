using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Faaswise.Kubernetes.Testing.Store;

/// <summary>
/// The API server's storage: objects as JSON, one global revision that every write advances (each object's
/// resourceVersion is the revision of its last write), and a bounded history of changes that watches replay.
/// Every object handed out is a copy.
/// </summary>
public sealed class ObjectStore(TimeProvider clock, int historyLimit = 10_000)
{
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";
    private readonly Lock _gate = new();
    private readonly Dictionary<ResourceType, SortedDictionary<string, JsonObject>> _objects = [];
    private readonly LinkedList<StoredEvent> _history = new();
    private readonly List<Subscription> _subscriptions = [];
    private long _revision = 100;
    private long _compactedThrough = 100;

    /// <summary>Raised after every write, outside the store's lock (controllers wake on it).</summary>
    public event Action? Changed;

    /// <summary>The latest revision.</summary>
    public long Revision
    {
        get
        {
            lock (_gate) return _revision;
        }
    }

    /// <summary>Creates an object: name from generateName when it has none, uid, creationTimestamp, resourceVersion.</summary>
    public JsonObject Create(ResourceType type, string? ns, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(obj);
        JsonObject stored;
        lock (_gate)
        {
            stored = (JsonObject)obj.DeepClone();
            var meta = Metadata.Of(stored);
            if (type.Namespaced)
            {
                if (string.IsNullOrEmpty(ns)) throw ApiException.BadRequest("the namespace of the provided object does not match the namespace sent on the request");
                if (!Table(ResourceType.Namespaces).ContainsKey(Key(null, ns))) throw ApiException.NotFound(ResourceType.Namespaces, ns);
                meta["namespace"] = ns;
            }
            else
            {
                meta.Remove("namespace");
            }

            var name = meta["name"]?.GetValue<string>();
            if (string.IsNullOrEmpty(name))
            {
                var prefix = meta["generateName"]?.GetValue<string>();
                if (string.IsNullOrEmpty(prefix)) throw ApiException.Invalid(type, "", "metadata.name: Required value: name or generateName is required");
                do name = prefix + string.Concat(Enumerable.Range(0, 5).Select(_ => NameAlphabet[Random.Shared.Next(NameAlphabet.Length)]));
                while (Table(type).ContainsKey(Key(ns, name)));
                meta["name"] = name;
            }

            if (Table(type).ContainsKey(Key(ns, name))) throw ApiException.AlreadyExists(type, name);
            stored["apiVersion"] = type.ApiVersion;
            stored["kind"] = type.Kind;
            meta["uid"] = Guid.NewGuid().ToString();
            meta["creationTimestamp"] = Metadata.Time(clock.GetUtcNow());
            meta.Remove("deletionTimestamp");
            if (stored["spec"] is not null) meta["generation"] = 1L;
            Write(type, ns, name, stored, "ADDED", null);
        }

        Changed?.Invoke();
        return (JsonObject)stored.DeepClone();
    }

    /// <summary>
    /// Read-modify-write of one object under the store's lock: <paramref name="mutate"/> gets a copy and returns the
    /// new object (or null to leave it unchanged). A changed spec advances metadata.generation.
    /// </summary>
    public JsonObject Update(ResourceType type, string? ns, string name, Func<JsonObject, JsonObject?> mutate)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(mutate);
        JsonObject result;
        var wrote = false;
        lock (_gate)
        {
            var current = Table(type).GetValueOrDefault(Key(ns, name)) ?? throw ApiException.NotFound(type, name);
            var next = mutate((JsonObject)current.DeepClone());
            if (next is null || JsonNode.DeepEquals(next, current))
            {
                result = current;
            }
            else
            {
                var meta = Metadata.Of(next);
                var old = Metadata.Of(current);
                foreach (var fixedKey in new[] { "name", "namespace", "uid", "creationTimestamp" })
                {
                    if (old[fixedKey] is { } v) meta[fixedKey] = v.DeepClone();
                    else meta.Remove(fixedKey);
                }

                next["apiVersion"] = type.ApiVersion;
                next["kind"] = type.Kind;
                if (old["deletionTimestamp"] is { } deleting) meta["deletionTimestamp"] = deleting.DeepClone();
                var generation = old["generation"]?.GetValue<long>() ?? 0;
                if (next["spec"] is not null && !JsonNode.DeepEquals(next["spec"], current["spec"])) generation++;
                if (generation > 0) meta["generation"] = generation;
                Write(type, ns, name, next, "MODIFIED", current);
                result = next;
                wrote = true;
            }
        }

        if (wrote) Changed?.Invoke();
        return (JsonObject)result.DeepClone();
    }

    /// <summary>Removes an object (the caller has finished any graceful deletion).</summary>
    public JsonObject Delete(ResourceType type, string? ns, string name, string? uid = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        JsonObject removed;
        lock (_gate)
        {
            var table = Table(type);
            removed = table.GetValueOrDefault(Key(ns, name)) ?? throw ApiException.NotFound(type, name);
            if (uid is not null && Metadata.Uid(removed) != uid) throw ApiException.Conflict(type, name, $"Precondition failed: UID in precondition: {uid}, UID in object meta: {Metadata.Uid(removed)}");
            table.Remove(Key(ns, name));
            removed = (JsonObject)removed.DeepClone();
            _revision++;
            Metadata.Of(removed)["resourceVersion"] = _revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Record(new StoredEvent("DELETED", type, ns, _revision, removed));
        }

        Changed?.Invoke();
        return (JsonObject)removed.DeepClone();
    }

    /// <summary>A copy of one object, or null.</summary>
    public JsonObject? Get(ResourceType type, string? ns, string name)
    {
        lock (_gate) return Table(type).GetValueOrDefault(Key(ns, name))?.DeepClone() as JsonObject;
    }

    /// <summary>Copies of a resource's objects (in one namespace, or all when <paramref name="ns"/> is null) and the revision they were read at.</summary>
    public (IReadOnlyList<JsonObject> Items, long Revision) List(ResourceType type, string? ns)
    {
        lock (_gate)
        {
            var items = Table(type).Values.Where(o => ns is null || Metadata.Namespace(o) == ns).Select(o => (JsonObject)o.DeepClone()).ToList();
            return (items, _revision);
        }
    }

    /// <summary>
    /// Starts a watch: the changes after <paramref name="fromRevision"/> replayed from history, then live ones (or, when
    /// null, an ADDED for every current object first). Throws Expired (410) when that history was compacted.
    /// </summary>
    public Subscription Watch(ResourceType type, string? ns, long? fromRevision)
    {
        var channel = Channel.CreateUnbounded<StoredEvent>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate)
        {
            if (fromRevision is { } from)
            {
                if (from < _compactedThrough) throw new ApiException(410, "Expired", $"too old resource version: {from} ({_compactedThrough})");
                foreach (var e in _history)
                {
                    if (e.Revision > from && e.Resource == type && (ns is null || e.Namespace == ns)) channel.Writer.TryWrite(e);
                }
            }
            else
            {
                foreach (var o in Table(type).Values.Where(o => ns is null || Metadata.Namespace(o) == ns))
                {
                    channel.Writer.TryWrite(new StoredEvent("ADDED", type, ns, long.Parse(Metadata.ResourceVersion(o)!, System.Globalization.CultureInfo.InvariantCulture), (JsonObject)o.DeepClone()));
                }
            }

            var subscription = new Subscription(this, type, ns, channel);
            _subscriptions.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Forgets all history up to now, as etcd compaction does: watches from an older revision get 410 Expired.</summary>
    public void Compact()
    {
        lock (_gate)
        {
            _history.Clear();
            _compactedThrough = _revision;
        }
    }

    private void Write(ResourceType type, string? ns, string name, JsonObject obj, string eventType, JsonObject? previous)
    {
        _revision++;
        Metadata.Of(obj)["resourceVersion"] = _revision.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Table(type)[Key(ns, name)] = obj;
        Record(new StoredEvent(eventType, type, ns, _revision, (JsonObject)obj.DeepClone(), previous));
    }

    private void Record(StoredEvent e)
    {
        _history.AddLast(e);
        while (_history.Count > historyLimit)
        {
            _compactedThrough = _history.First!.Value.Revision;
            _history.RemoveFirst();
        }

        foreach (var s in _subscriptions)
        {
            if (s.Resource == e.Resource && (s.Namespace is null || s.Namespace == e.Namespace)) s.Channel.Writer.TryWrite(e);
        }
    }

    private void Unsubscribe(Subscription s)
    {
        lock (_gate) _subscriptions.Remove(s);
        s.Channel.Writer.TryComplete();
    }

    private SortedDictionary<string, JsonObject> Table(ResourceType type)
    {
        if (!_objects.TryGetValue(type, out var table))
        {
            table = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
            _objects[type] = table;
        }

        return table;
    }

    private static string Key(string? ns, string name) => $"{ns}/{name}";

    /// <summary>A watch's feed of changes; dispose it to stop.</summary>
    public sealed class Subscription(ObjectStore store, ResourceType resource, string? ns, Channel<StoredEvent> channel) : IDisposable
    {
        internal ResourceType Resource { get; } = resource;

        internal string? Namespace { get; } = ns;

        internal Channel<StoredEvent> Channel { get; } = channel;

        /// <summary>The changes, in revision order.</summary>
        public ChannelReader<StoredEvent> Events => Channel.Reader;

        /// <inheritdoc />
        public void Dispose() => store.Unsubscribe(this);
    }
}
