using System.Globalization;
using System.Text.Json;

namespace Faaswise.Kubernetes.Control;

/// <summary>What a runtime's control answers mean for the decision that asked (QShuf's answers, reference/qshuf.md §2).</summary>
public static class RuntimeAnswers
{
    /// <summary>A /toready or /tonotready answer.</summary>
    public static ActionResult OfGate(ControlAnswer answer)
    {
        if (answer.Ok) return ActionResult.Done();
        return answer.Status == 500 && answer.Body.Contains("not loaded", StringComparison.Ordinal)
            ? ActionResult.Refused("the runtime's model is not loaded") : Failed(answer);
    }

    /// <summary>A /tocuda or /tocpu answer that is not 2xx.</summary>
    public static ActionResult OfMove(ControlAnswer answer) => answer.Status switch
    {
        500 when answer.Body.Contains("CUDA is not available", StringComparison.Ordinal) => ActionResult.Refused("CUDA is not available on the pod"),
        507 => ActionResult.Refused("not enough GPU memory: " + Result(answer.Body)),
        _ => Failed(answer),
    };

    /// <summary>No answer or a gateway's 5xx is worth another try; any other failure is final.</summary>
    public static ActionResult Failed(ControlAnswer answer)
    {
        var why = answer.Status == 0 ? "the runtime did not answer: " + answer.Body : string.Create(CultureInfo.InvariantCulture, $"the runtime answered {answer.Status}: {Result(answer.Body)}");
        return answer.Status is 0 or 502 or 503 or 504 ? ActionResult.Retry(why) : ActionResult.Refused(why);
    }

    /// <summary>The <c>result</c>, <c>error</c> or <c>message</c> of a JSON answer, else its first 200 characters.</summary>
    public static string Result(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            using var doc = JsonDocument.Parse(body);
            foreach (var name in (string[])["result", "error", "message"])
            {
                if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String) return v.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        return body.Length <= 200 ? body : body[..200];
    }
}
