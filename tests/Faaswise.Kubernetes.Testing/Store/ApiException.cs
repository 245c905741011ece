using System.Text.Json.Nodes;

namespace Faaswise.Kubernetes.Testing.Store;

/// <summary>A refusal the API server answers with a <c>Status</c> object (NotFound, AlreadyExists, Conflict, Invalid...).</summary>
public sealed class ApiException(int code, string reason, string message) : Exception(message)
{
    /// <summary>HTTP status code.</summary>
    public int Code { get; } = code;

    /// <summary>The Status reason (NotFound, AlreadyExists, Conflict, Invalid, BadRequest, Forbidden, InternalError, Expired).</summary>
    public string Reason { get; } = reason;

    /// <summary>The v1 Status body.</summary>
    public JsonObject ToStatus() => Status(Code, Reason, Message);

    /// <summary>A v1 Status object.</summary>
    public static JsonObject Status(int code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = code < 300 ? "Success" : "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = code,
    };

    /// <summary>404: the object does not exist.</summary>
    public static ApiException NotFound(ResourceType type, string name) =>
        new(404, "NotFound", $"{Qualified(type)} \"{name}\" not found");

    /// <summary>409: an object of that name exists.</summary>
    public static ApiException AlreadyExists(ResourceType type, string name) =>
        new(409, "AlreadyExists", $"{Qualified(type)} \"{name}\" already exists");

    /// <summary>409: a precondition (resourceVersion, uid) no longer holds, or the operation cannot be fulfilled.</summary>
    public static ApiException Conflict(ResourceType type, string name, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(type)} \"{name}\": {why}");

    /// <summary>422: the object is invalid.</summary>
    public static ApiException Invalid(ResourceType type, string name, string why) =>
        new(422, "Invalid", $"{type.Kind} \"{name}\" is invalid: {why}");

    /// <summary>400: the request is malformed.</summary>
    public static ApiException BadRequest(string why) => new(400, "BadRequest", why);

    private static string Qualified(ResourceType type) => type.Group.Length == 0 ? type.Plural : $"{type.Plural}.{type.Group}";
}
