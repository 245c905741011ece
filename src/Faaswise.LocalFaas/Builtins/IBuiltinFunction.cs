namespace Faaswise.LocalFaas.Builtins;

/// <summary>A function shipped with the tool; every replica runs it in its own process.</summary>
public interface IBuiltinFunction
{
    /// <summary>Stable name: the function's default service name and its image <c>faaswise/&lt;name&gt;</c>.</summary>
    string Name { get; }

    /// <summary>What it does and which resource it loads, one line.</summary>
    string Description { get; }

    /// <summary>The resource profile it stands for: light, cpu, memory or network.</summary>
    string Profile { get; }

    /// <summary>A request body that exercises it, for examples and load.</summary>
    string ExampleBody { get; }

    /// <summary>Runs one invocation.</summary>
    Task<FunctionResponse> InvokeAsync(FunctionRequest request, CancellationToken cancellation);
}
