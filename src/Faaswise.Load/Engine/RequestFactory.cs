using System.Net.Http.Headers;
using Faaswise.Load.Targets;

namespace Faaswise.Load.Engine;

/// <summary>Builds a fresh <see cref="HttpRequestMessage"/> for a target (messages cannot be reused).</summary>
internal static class RequestFactory
{
    public static HttpRequestMessage Create(Target target)
    {
        var request = new HttpRequestMessage(new HttpMethod(target.Method), target.Url);
        if (!target.Body.IsEmpty)
        {
            request.Content = new ReadOnlyMemoryContent(target.Body);
        }

        foreach (var (name, value) in target.Headers)
        {
            if (request.Headers.TryAddWithoutValidation(name, value))
            {
                continue;
            }

            request.Content ??= new ReadOnlyMemoryContent(ReadOnlyMemory<byte>.Empty);
            if (!request.Content.Headers.TryAddWithoutValidation(name, value) && name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
        }

        return request;
    }
}
