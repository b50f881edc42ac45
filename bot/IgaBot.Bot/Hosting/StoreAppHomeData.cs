using IgaBot.Adapters.Slack;
using IgaBot.Core;
using IgaBot.Core.Approvals;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;

namespace IgaBot.Bot.Hosting;

/// <summary>A person's App Home (Slack) read from the store: what they hold, what they asked for, what waits for them.</summary>
/// <remarks>
/// It builds the approval views from the store itself rather than asking <see cref="IApprovalService"/>: the
/// approval service sends through the notifiers, the Slack notifier refreshes App Homes with this class, and a
/// dependency back on the service would be a cycle the container cannot resolve (the host hangs at start).
/// </remarks>
internal sealed class StoreAppHomeData(IIgaStore store, ITenantAccessor tenant) : IAppHomeData
{
    public async Task<AppHomeModel> GetAsync(string personEmail, CancellationToken ct)
    {
        var current = tenant.Current;
        var catalog = current.Catalog;
        // One session reads it all, the views of the approvals waiting for this person included.
        var (grants, requests, stages, waitingForMe) = await store.RunAsync(async s =>
        {
            var pending = await s.Requests.ListPendingStagesAsync();
            var views = new List<ApprovalView>();
            foreach (var stage in pending.Where(st => st.Approvers.Contains(personEmail, StringComparer.OrdinalIgnoreCase)))
            {
                if (await s.Requests.GetAsync(stage.RequestId) is not { } request) continue;
                views.Add(await ApprovalViews.BuildAsync(s, current, request, await s.Requests.GetStagesAsync(stage.RequestId), stage.Order));
            }
            return (await s.Grants.ListActiveForPersonAsync(personEmail), await s.Requests.ListByPersonAsync(personEmail), pending, views);
        }, ct);

        (string Entitlement, string App) Names(string entitlementId) =>
            catalog.FindEntitlement(entitlementId) is { } e ? (e.Name, catalog.AppOf(e).Name) : (entitlementId, "");

        var access = grants
            .OrderBy(g => g.ExpiresAt ?? DateTimeOffset.MaxValue)
            .Select(g => { var (e, a) = Names(g.EntitlementId); return new HeldAccess(g.Id, e, a, g.Scope, g.ExpiresAt, g.Status); })
            .ToList();
        var open = requests
            .Where(r => r.IsOpen)
            .OrderByDescending(r => r.CreatedAt)
            .Select(r =>
            {
                var (e, a) = Names(r.EntitlementId);
                var waiting = stages.FirstOrDefault(st => st.RequestId == r.Id);
                return new OpenRequest(r.Id, e, a, r.Scope, r.Status, r.CreatedAt,
                    waiting is null ? null : string.Join(", ", waiting.Approvers));
            })
            .ToList();

        return new AppHomeModel(access, open, waitingForMe);
    }
}
