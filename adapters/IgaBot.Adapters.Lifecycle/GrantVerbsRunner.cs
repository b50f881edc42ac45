using System.Globalization;
using IgaBot.Core;
using IgaBot.Core.Grants;
using IgaBot.Core.Policy;
using IgaBot.Core.Provisioning;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace IgaBot.Adapters.Lifecycle;

/// <summary>
/// What the <c>igabot grants list</c>, <c>igabot requests list</c> and <c>igabot grants revoke</c> verbs do, over the
/// composed services. Exit codes: 0 done, 1 the revoke failed, 2 bad input (the message says what to fix).
/// </summary>
public static class GrantVerbsRunner
{
    /// <summary><c>igabot grants list [--person E] [--expiring-within PT1H]</c>: a person's grants (all, newest first) or every active one.</summary>
    public static async Task<int> ListGrantsAsync(IServiceProvider services, TextWriter output, TextWriter error,
        string? person, string? expiringWithin, CancellationToken ct)
    {
        TimeSpan? within = null;
        if (!string.IsNullOrWhiteSpace(expiringWithin))
        {
            if (!Durations.TryParseIso(expiringWithin, out var parsed) || parsed <= TimeSpan.Zero)
            {
                await error.WriteLineAsync($"error: --expiring-within '{expiringWithin}' is not an ISO 8601 duration such as PT1H or P2D.");
                return 2;
            }
            within = parsed;
        }
        var store = services.GetRequiredService<IIgaStore>();
        var tenant = services.GetRequiredService<ITenantAccessor>().Current;
        var (now, grants) = await store.RunAsync(async s =>
        {
            IReadOnlyList<Grant> found = within is { } w ? await s.Grants.ListExpiringAsync(s.Now, s.Now + w)
                : string.IsNullOrWhiteSpace(person) ? await s.Grants.ListActiveAsync()
                : await s.Grants.ListForPersonAsync(person.Trim());
            return (s.Now, found);
        }, ct);
        if (!string.IsNullOrWhiteSpace(person))
            grants = [.. grants.Where(g => string.Equals(g.Person, person.Trim(), StringComparison.OrdinalIgnoreCase))];

        var rows = grants.Select(g => new[]
        {
            g.Id.ToString("D"), g.Person, tenant.Catalog.FindEntitlement(g.EntitlementId)?.Name ?? g.EntitlementId, g.Scope ?? "-",
            g.Status.ToString(), Time(g.GrantedAt), g.ExpiresAt is { } e ? $"{Time(e)}{Left(e, now, g.Status)}" : "never",
        }).ToList();
        await WriteTableAsync(output, ["ID", "PERSON", "ENTITLEMENT", "SCOPE", "STATUS", "GRANTED", "EXPIRES"], rows);
        await output.WriteLineAsync($"{rows.Count} grant{(rows.Count == 1 ? "" : "s")}");
        return 0;
    }

    /// <summary>
    /// <c>igabot grants list --unmanaged</c>: access the directory sync found at a target that no request explains,
    /// still held, oldest first.
    /// </summary>
    public static async Task<int> ListUnmanagedAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var store = services.GetRequiredService<IIgaStore>();
        var tenant = services.GetRequiredService<ITenantAccessor>().Current;
        var found = await store.RunAsync(async s =>
        {
            var rows = new List<(ExistingAccess Access, Grant Grant)>();
            foreach (var access in await s.Directory.ListHeldExistingAccessAsync())
            {
                if (access.Unmanaged && await s.Grants.GetAsync(access.GrantId) is { Status: GrantStatus.Active } grant) rows.Add((access, grant));
            }
            return rows;
        }, ct);
        var rows = found.Select(f => new[]
        {
            f.Grant.Id.ToString("D"), f.Access.Person, tenant.Catalog.FindEntitlement(f.Access.EntitlementId)?.Name ?? f.Access.EntitlementId,
            f.Access.Scope ?? "-", $"{f.Access.Connector}:{f.Access.Group}", Time(f.Access.FoundAt),
        }).ToList();
        await WriteTableAsync(output, ["ID", "PERSON", "ENTITLEMENT", "SCOPE", "FOUND AT", "FOUND"], rows);
        await output.WriteLineAsync($"{rows.Count} unmanaged grant{(rows.Count == 1 ? "" : "s")} (held at a target, no request explains them)");
        return 0;
    }

    /// <summary><c>igabot requests list [--status S]</c>: requests in one status (oldest first), or every open one.</summary>
    public static async Task<int> ListRequestsAsync(IServiceProvider services, TextWriter output, TextWriter error, string? status, CancellationToken ct)
    {
        RequestStatus? wanted = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<RequestStatus>(status.Replace("_", "").Replace("-", ""), ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                await error.WriteLineAsync($"error: --status '{status}' is not a request status; use one of {string.Join(", ", Enum.GetNames<RequestStatus>())}.");
                return 2;
            }
            wanted = parsed;
        }
        var store = services.GetRequiredService<IIgaStore>();
        var tenant = services.GetRequiredService<ITenantAccessor>().Current;
        var requests = await store.RunAsync(s => wanted is { } w ? s.Requests.ListByStatusAsync(w) : s.Requests.ListOpenAsync(), ct);
        var rows = requests.Select(r => new[]
        {
            r.Id.ToString("D"), r.Requester, r.Beneficiary, tenant.Catalog.FindEntitlement(r.EntitlementId)?.Name ?? r.EntitlementId,
            r.Scope ?? "-", r.Duration is { } d ? Durations.ToIso(d) : "permanent", r.Status.ToString(), Time(r.CreatedAt),
            r.ExtendsGrantId is { } g ? $"extends {g:D}" : r.Outcome ?? "",
        }).ToList();
        await WriteTableAsync(output, ["ID", "REQUESTER", "BENEFICIARY", "ENTITLEMENT", "SCOPE", "DURATION", "STATUS", "CREATED", "NOTE"], rows);
        await output.WriteLineAsync($"{rows.Count} request{(rows.Count == 1 ? "" : "s")}");
        return 0;
    }

    /// <summary>
    /// <c>igabot grants revoke ID --reason TEXT</c>: an admin ends a grant now (or retries one that failed to revoke),
    /// audited under <paramref name="actor"/>. Runs one provisioning round so the answer usually says it is gone.
    /// </summary>
    public static async Task<int> RevokeAsync(IServiceProvider services, TextWriter output, TextWriter error,
        string? grantId, string? reason, string actor, CancellationToken ct)
    {
        if (!Guid.TryParse(grantId, out var id))
        {
            await error.WriteLineAsync($"error: '{grantId}' is not a grant id (igabot grants list shows them).");
            return 2;
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            await error.WriteLineAsync("error: --reason is required: it is recorded in the audit log and shown to the holder.");
            return 2;
        }
        var store = services.GetRequiredService<IIgaStore>();
        if (await store.RunAsync(s => s.Grants.GetAsync(id), ct) is null)
        {
            await error.WriteLineAsync($"error: there is no grant {id}.");
            return 2;
        }
        var started = await services.GetRequiredService<GrantRevoker>().RevokeNowAsync(id, actor, reason.Trim(), retryFailed: true, ct);
        if (started == RevokeStart.Ended)
        {
            await output.WriteLineAsync($"Grant {id} has already ended; nothing to do.");
            return 0;
        }
        await services.GetRequiredService<Provisioner>().RunDueAsync(ct);
        var grant = (await store.RunAsync(s => s.Grants.GetAsync(id), ct))!;
        switch (grant.Status)
        {
            case GrantStatus.Revoked:
                await output.WriteLineAsync($"Grant {id} revoked ({grant.Person}, {grant.EntitlementId}).");
                return 0;
            case GrantStatus.RevokeFailed:
                await error.WriteLineAsync($"Grant {id} could not be revoked; it stays RevokeFailed and the app owner was alerted. See the audit log for why.");
                return 1;
            default:
                await output.WriteLineAsync($"Grant {id} is being revoked (waiting for the target system or the app owner); the worker finishes it.");
                return 0;
        }
    }

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static string Left(DateTimeOffset end, DateTimeOffset now, GrantStatus status) =>
        status != GrantStatus.Active ? "" : end <= now ? " (overdue)" : $" (in {Durations.Describe(TimeSpan.FromMinutes(Math.Max(1, Math.Round((end - now).TotalMinutes))))})";

    private static async Task WriteTableAsync(TextWriter output, string[] headers, IReadOnlyList<string[]> rows)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        await output.WriteLineAsync(Line(headers));
        foreach (var row in rows) await output.WriteLineAsync(Line(row));

        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
    }
}
