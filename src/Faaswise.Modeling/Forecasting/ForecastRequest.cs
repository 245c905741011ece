using System.Text.Json;

namespace Faaswise.Modeling.Forecasting;

/// <summary>The body of a prediction request (<c>faaswise predict --input</c>, <c>POST /predict</c>, the agent endpoints):
/// one JSON object of numbers by field name, or an array of them.</summary>
public static class ForecastRequest
{
    /// <summary>The inputs, and whether they came as an array.</summary>
    /// <exception cref="FormatException">Not JSON, an empty array, or a field that is not a number.</exception>
    public static (IReadOnlyList<Dictionary<string, double>> Inputs, bool IsArray) Parse(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException($"the input is not JSON: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            var isArray = root.ValueKind == JsonValueKind.Array;
            JsonElement[] objects = isArray ? [.. root.EnumerateArray()] : [root];
            if (objects.Length == 0) throw new FormatException("an empty array: send at least one input object");
            var inputs = new List<Dictionary<string, double>>(objects.Length);
            foreach (var item in objects)
            {
                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException("send a JSON object of numbers, e.g. {\"rate_group_HIGH_USAGE\": 10, ..., \"node_type\": 1}, or an array of them");
                }

                var fields = new Dictionary<string, double>(StringComparer.Ordinal);
                foreach (var property in item.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.Number || !property.Value.TryGetDouble(out var value))
                    {
                        throw new FormatException($"{property.Name} must be a number");
                    }

                    fields[property.Name] = value;
                }

                inputs.Add(fields);
            }

            return (inputs, isArray);
        }
    }
}
