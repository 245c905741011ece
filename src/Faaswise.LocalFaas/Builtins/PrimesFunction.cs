using System.Globalization;
using System.Text;

namespace Faaswise.LocalFaas.Builtins;

/// <summary>
/// <c>primes</c>: counts the primes below a bound (the body, default 200,000) by trial division. CPU-bound and
/// single-threaded: the stand-in for DFaaS's nmap. About 10 ms of one core at the default bound.
/// </summary>
internal sealed class PrimesFunction : IBuiltinFunction
{
    public const int DefaultBound = 200_000;
    public const int MaxBound = 100_000_000;

    public string Name => "primes";

    public string Description => $"Counts primes below the bound in the body (default {DefaultBound:N0}) by trial division";

    public string Profile => "cpu";

    public string ExampleBody => DefaultBound.ToString(CultureInfo.InvariantCulture);

    public Task<FunctionResponse> InvokeAsync(FunctionRequest request, CancellationToken cancellation)
    {
        var text = Encoding.UTF8.GetString(request.Body.Span).Trim();
        var bound = DefaultBound;
        if (text.Length > 0 && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out bound) || bound > MaxBound))
        {
            return Task.FromResult(FunctionResponse.Error(400, $"primes: the body must be an integer bound from 0 to {MaxBound} (got '{Truncate(text)}')"));
        }

        var count = CountBelow(bound, cancellation);
        return Task.FromResult(FunctionResponse.Ok(string.Create(CultureInfo.InvariantCulture, $"{count} primes below {bound}\n")));
    }

    public static int CountBelow(int bound, CancellationToken cancellation = default)
    {
        var count = bound > 2 ? 1 : 0;
        for (var n = 3; n < bound; n += 2)
        {
            if ((n & 0xFFFF) == 1) cancellation.ThrowIfCancellationRequested();
            var prime = true;
            for (var d = 3; d * d <= n; d += 2)
            {
                if (n % d == 0)
                {
                    prime = false;
                    break;
                }
            }

            if (prime) count++;
        }

        return count;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
