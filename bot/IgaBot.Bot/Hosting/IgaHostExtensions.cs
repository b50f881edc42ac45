using IgaBot.Adapters.Analytics;
using IgaBot.Adapters.Connectors;
using IgaBot.Adapters.Identity;
using IgaBot.Adapters.Lifecycle;
using IgaBot.Adapters.Llm;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tenant;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Requests;

namespace IgaBot.Bot.Hosting;

/// <summary>The composition root's pieces that belong to the host itself, shared by the web host and the CLI.</summary>
internal static class IgaHostExtensions
{
    /// <summary>Settings beside the executable come first, so the bot runs from any working directory.</summary>
    public static WebApplicationBuilder AddIgaSettings(this WebApplicationBuilder builder)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        if (File.Exists(beside))
        {
            var source = new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource { Path = beside, Optional = true };
            source.ResolveFileProvider();
            builder.Configuration.Sources.Insert(0, source);
        }
        return builder;
    }

    public static IServiceCollection AddIgaTenant(this IServiceCollection services)
    {
        services.AddOptions<IgaOptions>().BindConfiguration(IgaOptions.Section).ValidateAtStart(o => o.Validate());
        services.AddSingleton<ITenantAccessor, FileTenantAccessor>();
        return services;
    }

    /// <summary>
    /// Everything but the channels and the scheduler: tenant, storage, connectors, the approval and grant
    /// lifecycle, the approval analytics, and the agent. The notifier is the channel notifier: channels add their
    /// <see cref="ChannelNotifierEntry"/>; with none, nobody is reachable and approvals escalate.
    /// </summary>
    public static IServiceCollection AddIgaServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddIgaTenant();
        services.AddIgaStorage(configuration);
        services.AddSingleton<INotifier, ChannelNotifier>();
        services.AddIgaConnectors(configuration);
        // People from Directory:Source (yaml by default: nothing changes).
        services.AddIgaDirectory(configuration);
        services.AddIgaLifecycle(configuration);
        services.AddIgaAnalytics(configuration);
        services.AddIgaAgent(configuration);
        services.AddSingleton<IRequestWorkflow, ApprovalWorkflowStarter>();
        return services;
    }
}

/// <summary>Hands every stored request to the approval workflow (activate stage 1, or provision when approved).</summary>
internal sealed class ApprovalWorkflowStarter(IApprovalWorkflow workflow) : IRequestWorkflow
{
    public Task StartAsync(AccessRequest request, IReadOnlyList<ApprovalStage> stages, CancellationToken ct) =>
        workflow.StartAsync(request.Id, ct);
}
