using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Faaswise.Kubernetes.Testing.Store;
using Microsoft.AspNetCore.Http;

namespace Faaswise.Kubernetes.Testing.Api;

/// <summary>
/// A watch: newline-delimited <c>{"type","object"}</c> events streamed in revision order, from history after the
/// given resourceVersion; BOOKMARKs when asked for; an ERROR 410 Expired event when that history is gone;
/// the stream ends after timeoutSeconds. With a selector, an object that stops matching arrives as DELETED and one
/// that starts matching as ADDED, as the real server's filtered watches do.
/// </summary>
public static class Watching
{
    /// <summary>Streams events until the client leaves, the timeout passes or the server stops.</summary>
    public static async Task StreamAsync(HttpContext context, ObjectStore store, ApiRoute route, Func<JsonObject, bool> filter, TimeSpan bookmarkEvery, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(route);
        ArgumentNullException.ThrowIfNull(filter);
        var q = context.Request.Query;
        var rv = q["resourceVersion"].ToString();
        long? from = rv is "" or "0" ? null : long.TryParse(rv, CultureInfo.InvariantCulture, out var n) ? n : throw ApiException.BadRequest($"invalid resource version \"{rv}\"");
        var bookmarks = q["allowWatchBookmarks"] == "true";
        var timeout = int.TryParse(q["timeoutSeconds"], CultureInfo.InvariantCulture, out var t) && t > 0 ? TimeSpan.FromSeconds(t) : TimeSpan.FromMinutes(30);
        context.Response.StatusCode = 200;
        context.Response.ContentType = "application/json";
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        ended.CancelAfter(timeout);
        ObjectStore.Subscription subscription;
        try
        {
            subscription = store.Watch(route.Resource, route.Namespace, from);
        }
        catch (ApiException e) when (e.Code == 410)
        {
            await WriteAsync(context, "ERROR", e.ToStatus(), CancellationToken.None).ConfigureAwait(false);
            return;
        }

        using (subscription)
        {
            await context.Response.Body.FlushAsync(ended.Token).ConfigureAwait(false);
            var last = from ?? store.Revision;
            try
            {
                while (!ended.IsCancellationRequested)
                {
                    using var tick = CancellationTokenSource.CreateLinkedTokenSource(ended.Token);
                    tick.CancelAfter(bookmarkEvery);
                    try
                    {
                        var e = await subscription.Events.ReadAsync(tick.Token).ConfigureAwait(false);
                        last = e.Revision;
                        var type = Translate(e, filter);
                        if (type is not null) await WriteAsync(context, type, e.Item, ended.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!ended.IsCancellationRequested)
                    {
                        if (!bookmarks) continue;
                        var bookmark = new JsonObject
                        {
                            ["kind"] = route.Resource.Kind,
                            ["apiVersion"] = route.Resource.ApiVersion,
                            ["metadata"] = new JsonObject { ["resourceVersion"] = Math.Max(last, store.Revision).ToString(CultureInfo.InvariantCulture) },
                        };
                        await WriteAsync(context, "BOOKMARK", bookmark, ended.Token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
            catch (IOException)
            {
            }
        }
    }

    private static string? Translate(StoredEvent e, Func<JsonObject, bool> filter)
    {
        var now = filter(e.Item);
        if (e.Type != "MODIFIED") return now ? e.Type : null;
        var was = e.Previous is not null && filter(e.Previous);
        return (was, now) switch
        {
            (true, true) => "MODIFIED",
            (false, true) => "ADDED",
            (true, false) => "DELETED",
            _ => null,
        };
    }

    private static async Task WriteAsync(HttpContext context, string type, JsonObject obj, CancellationToken cancellation)
    {
        var line = new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString(Json.Options) + "\n";
        await context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), cancellation).ConfigureAwait(false);
        await context.Response.Body.FlushAsync(cancellation).ConfigureAwait(false);
    }
}
