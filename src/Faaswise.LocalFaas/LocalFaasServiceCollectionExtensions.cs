using Faaswise.LocalFaas.Functions;
using Faaswise.LocalFaas.Gateway;
using Faaswise.LocalFaas.Replicas;
using Faaswise.LocalFaas.Scaling;
using Faaswise.OpenFaas.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Faaswise.LocalFaas;

/// <summary>Composition of the embedded gateway.</summary>
public static class LocalFaasServiceCollectionExtensions
{
    /// <summary>Registers the gateway's services; map its routes with <see cref="SystemEndpoints.MapLocalFaas"/>.</summary>
    public static IServiceCollection AddLocalFaas(this IServiceCollection services, GatewayOptions options, GatewayCredentials credentials)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options ?? throw new ArgumentNullException(nameof(options)));
        services.AddSingleton(credentials ?? throw new ArgumentNullException(nameof(credentials)));
        services.AddSingleton<FunctionLogs>();
        services.AddSingleton<FunctionRegistry>();
        services.AddSingleton<ReplicaAccounting>();
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton<AsyncInvocations>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<AsyncInvocations>());
        services.AddSingleton<Autoscaler>();
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<Autoscaler>());
        services.AddHttpForwarder();
        return services;
    }
}
