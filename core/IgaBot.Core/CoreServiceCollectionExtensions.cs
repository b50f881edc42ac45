using IgaBot.Core.Agent;
using IgaBot.Core.Approvals;
using IgaBot.Core.Conversation;
using IgaBot.Core.Grants;
using IgaBot.Core.People;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IgaBot.Core;

/// <summary>Core wired from core: what the hosts (the web host, the CLI, the eval runner) call before the adapters.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the whole core: the agent (<see cref="AddIgaAgentCore"/>) and the lifecycle (<see cref="AddIgaLifecycleCore"/>).
    /// The ports come from the adapters: the store (<c>AddIgaStorage</c>), the connectors (<c>AddIgaConnectors</c>), the
    /// lifecycle's stores and worker (<c>AddIgaLifecycle</c>), the planner (<c>AddIgaPlanner</c>) and the model (<c>AddIgaAgent</c>).
    /// </summary>
    public static IServiceCollection AddIgaCore(this IServiceCollection services, IConfiguration configuration) =>
        services.AddIgaAgentCore().AddIgaLifecycleCore(configuration);

    /// <summary>
    /// Registers the approval workflow (<see cref="IApprovalWorkflow"/>, <see cref="IApprovalService"/>), provisioning
    /// (<see cref="Provisioner"/>, the manual task sink), the grant lifecycle (<see cref="IGrantService"/>,
    /// <see cref="GrantRevoker"/>, expiry reminders, reconciler) and the joiner, mover and leaver handling
    /// (<see cref="IDirectoryLifecycle"/>: <see cref="LeaverOffboarding"/>, <see cref="MoverReviews"/>, <see cref="JoinerWelcome"/>),
    /// with their settings (<c>Approvals:Timers</c>, <c>Provisioning</c>, <c>Grants</c>, <c>Directory:MoverReviewDays</c>,
    /// <c>Directory:MoverKeepDays</c>, <c>Directory:JoinerSuggestionCoverage</c>) validated at start. Needs the store, the
    /// connectors and <c>AddIgaLifecycle</c>. Until a channel registers an <see cref="INotifier"/>, a
    /// <see cref="RecordingNotifier"/> logs what would have been sent; until <c>AddIgaScheduling</c> replaces it, no
    /// per-grant revoke triggers exist (<see cref="NoRevokeScheduler"/>).
    /// </summary>
    public static IServiceCollection AddIgaLifecycleCore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<ApprovalTimersOptions>(configuration, ApprovalTimersOptions.Section);
        services.AddValidatedOptions<ProvisioningOptions>(configuration, ProvisioningOptions.Section);
        services.AddValidatedOptions<GrantOptions>(configuration, GrantOptions.Section);

        services.TryAddSingleton<RecordingNotifier>();
        services.TryAddSingleton<INotifier>(sp => sp.GetRequiredService<RecordingNotifier>());
        services.TryAddSingleton<ProvisioningSignal>();
        services.TryAddSingleton<IManualTaskSink, ManualTaskInbox>();
        services.TryAddSingleton<IRevokeScheduler, NoRevokeScheduler>();

        services.TryAddSingleton<ApprovalWorkflow>();
        services.TryAddSingleton<IApprovalWorkflow>(sp => sp.GetRequiredService<ApprovalWorkflow>());
        services.TryAddSingleton<NoticeDelivery>();
        services.TryAddSingleton<Provisioner>();
        services.TryAddSingleton<ManualTaskDesk>();
        services.TryAddSingleton<IApprovalService, ApprovalService>();
        services.TryAddSingleton<GrantRevoker>();
        services.TryAddSingleton<ExpiryReminders>();
        services.TryAddSingleton<GrantReconciler>();
        services.TryAddSingleton<GrantService>();
        services.TryAddSingleton<IGrantService>(sp => sp.GetRequiredService<GrantService>());

        // Joiners, movers and leavers: what the directory sync hands every IDirectoryLifecycle.
        services.AddValidatedOptions<PeopleLifecycleOptions>(configuration, PeopleLifecycleOptions.Section);
        services.TryAddSingleton<LeaverOffboarding>();
        services.TryAddSingleton<MoverReviews>();
        services.TryAddSingleton<JoinerWelcome>();
        // Leavers first: their approvals are re-routed before a mover's review or a joiner's welcome goes out.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDirectoryLifecycle, LeaverOffboarding>(sp => sp.GetRequiredService<LeaverOffboarding>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDirectoryLifecycle, MoverReviews>(sp => sp.GetRequiredService<MoverReviews>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDirectoryLifecycle, JoinerWelcome>(sp => sp.GetRequiredService<JoinerWelcome>()));
        return services;
    }

    /// <summary>
    /// Registers the agent alone, for a host without approvals (the eval runner): the conversation service
    /// (<see cref="IConversationService"/>), the agent runner and its tools' ports over the store. Needs
    /// <see cref="ITenantAccessor"/>, the store (<c>AddIgaStorage</c>), an <see cref="IEntitlementSearch"/> (<c>AddIgaPlanner</c>)
    /// and the <see cref="AgentBackends"/> (<c>AddIgaAgent</c>). <see cref="IGrantService"/> comes from <see cref="AddIgaCore"/>
    /// (before or after this) or the host (the eval runner's says releasing is not available); the agent fails without one. <see cref="IRequestSubmitter"/> is a default another registration made
    /// before this one replaces; every registered <see cref="IRequestWorkflow"/> is called after each stored request.
    /// </summary>
    public static IServiceCollection AddIgaAgentCore(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ModelUsageMeter(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.TryAddSingleton<IAccessReader, StoreAccessReader>();
        services.TryAddSingleton<IDialogStateStore, StoreDialogStateStore>();
        services.TryAddSingleton<IRequestSubmitter, StoreRequestSubmitter>();
        services.TryAddSingleton(sp => new AgentServices(
            sp.GetRequiredService<IEntitlementSearch>(),
            sp.GetRequiredService<IAccessReader>(),
            sp.GetRequiredService<IRequestSubmitter>(),
            // AddIgaLifecycleCore registers it (in any order); a host without the lifecycle registers its own.
            sp.GetService<IGrantService>() ?? throw new InvalidOperationException(
                "The agent needs an IGrantService to release and extend access: call AddIgaCore (or register one).")));
        services.TryAddSingleton<AgentRunner>();
        services.TryAddSingleton<IConversationService, ConversationService>();
        return services;
    }
}
