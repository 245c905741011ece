using System.Text.Encodings.Web;
using System.Text.Json;

namespace Faaswise.Load.Results;

/// <summary>Writes an <see cref="AttackReport"/> as JSON (vegeta's field names; nanoseconds; rates per second).</summary>
public static class JsonReport
{
    private static readonly JsonSerializerOptions Options = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Writes the report and a newline.</summary>
    public static void Write(AttackReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(JsonSerializer.Serialize(report, Options));
        output.Write('\n');
    }

    /// <summary>Reads a report written by <see cref="Write"/>.</summary>
    public static AttackReport Read(string json) =>
        JsonSerializer.Deserialize<AttackReport>(json, Options) ?? throw new FormatException("empty report");
}
