using IgaBot.Adapters.Storage;
using IgaBot.Core;
using IgaBot.Core.Analytics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IgaBot.Adapters.Analytics;

public static class AnalyticsServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ApprovalAnalytics"/> over the database's history (<see cref="SqlApprovalHistoryReader"/>) and
    /// the <c>Analytics</c> settings (<c>RubberStampSeconds</c>), validated at start. Needs <c>AddIgaStorage</c>.
    /// </summary>
    public static IServiceCollection AddIgaAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddValidatedOptions<AnalyticsOptions>(configuration, AnalyticsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IApprovalHistoryReader, SqlApprovalHistoryReader>();
        services.TryAddSingleton<ApprovalAnalytics>();
        return services;
    }
}
