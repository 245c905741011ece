using System.Text;
using Faaswise.Load.Targets;

namespace Faaswise.Load.Engine.EventLoop;

/// <summary>Encodes a target once into the exact bytes of its HTTP/1.1 request, reused for every send.</summary>
internal static class Http1RequestEncoder
{
    public const string UserAgent = "faaswise";

    public static byte[] Encode(Target target)
    {
        var url = target.Url;
        var sb = new StringBuilder(256);
        sb.Append(target.Method).Append(' ').Append(url.PathAndQuery).Append(" HTTP/1.1\r\n");
        var hasHost = target.Headers.Any(h => h.Key.Equals("Host", StringComparison.OrdinalIgnoreCase));
        if (!hasHost) sb.Append("Host: ").Append(url.Authority).Append("\r\n");
        if (!target.Headers.Any(h => h.Key.Equals("User-Agent", StringComparison.OrdinalIgnoreCase))) sb.Append("User-Agent: ").Append(UserAgent).Append("\r\n");
        foreach (var (name, value) in target.Headers)
        {
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)) continue;
            if (name.AsSpan().IndexOfAny("\r\n:") >= 0 || value.AsSpan().IndexOfAny("\r\n") >= 0)
            {
                throw new FormatException($"header '{name}' contains a line break or colon");
            }

            sb.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (!target.Body.IsEmpty || target.Method is "POST" or "PUT" or "PATCH")
        {
            sb.Append("Content-Length: ").Append(target.Body.Length).Append("\r\n");
        }

        sb.Append("\r\n");
        var head = Encoding.Latin1.GetBytes(sb.ToString());
        var bytes = new byte[head.Length + target.Body.Length];
        head.CopyTo(bytes, 0);
        target.Body.Span.CopyTo(bytes.AsSpan(head.Length));
        return bytes;
    }
}
