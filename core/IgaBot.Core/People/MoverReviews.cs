using System.Security.Cryptography;
using System.Text;
using IgaBot.Core.Approvals;
using IgaBot.Core.Audit;
using IgaBot.Core.Budgets;
using IgaBot.Core.Grants;
using IgaBot.Core.Policy;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Core.People;

/// <summary>
/// Movers (department, title or manager changed): the grants the new department is not eligible for (the policy
/// engine's eligibility rule decides) and the grants the old manager approved go to the new manager as one review
/// card per person, each with "Keep until &lt;date&gt;" and "Revoke". Only the new manager may answer, once per grant.
/// Unanswered after <c>Directory:MoverReviewDays</c>, the ineligible ones are revoked and the others kept
/// (<see cref="RunDueAsync"/>, from the clustered lifecycle sweep).
/// </summary>
public sealed partial class MoverReviews(
    IIgaStore store,
    IMoverReviewStore reviews,
    ITenantAccessor tenants,
    GrantRevoker revoker,
    IRevokeScheduler revokes,
    INotifier notifier,
    IOptions<PeopleLifecycleOptions> options,
    TimeProvider clock,
    ILogger<MoverReviews> logger,
    ITurnBudget? budget = null) : IDirectoryLifecycle
{
    private readonly PeopleLifecycleOptions _options = options.Value;
    private readonly ITurnBudget _budget = budget ?? UnlimitedTurnBudget.Instance;

    public async Task HandleAsync(DirectoryChanges changes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var move in changes.Movers)
        {
            if (!move.DepartmentChanged && !move.TitleChanged && !move.ManagerChanged) continue;
            try
            {
                await OpenAsync(move, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogFailed(ex, move.After.Email);
            }
        }
    }

    private async Task OpenAsync(PersonMove move, CancellationToken ct)
    {
        var tenant = tenants.Current;
        // The sync stores the new directory first, so After is what the directory says now.
        var person = move.After;
        var oldManager = move.ManagerChanged ? move.Before.Manager : null;
        var (grants, approvedByOld, now) = await store.RunAsync(async s =>
        {
            var active = await s.Grants.ListActiveForPersonAsync(person.Email);
            var byOld = new HashSet<Guid>();
            if (oldManager is not null)
            {
                foreach (var grant in active)
                {
                    if (grant.RequestId is not { } requestId) continue;
                    var stages = await s.Requests.GetStagesAsync(requestId);
                    if (stages.Any(st => st.Status == Requests.StageStatus.Approved && PersonKey.Same(st.DecidedBy, oldManager))) byOld.Add(grant.Id);
                }
            }
            return (active, byOld, s.Now);
        }, ct);

        var items = new List<MoverReviewItem>();
        foreach (var grant in grants)
        {
            var entitlement = tenant.Catalog.FindEntitlement(grant.EntitlementId);
            var ineligible = false;
            string? why = null;
            if (entitlement is not null)
            {
                // The policy engine decides eligibility; only its eligibility verdict is used here.
                var decision = PolicyEngine.Evaluate(new PolicyRequest(person, person, entitlement, grant.Scope, DurationRequest.Permanent, null),
                    tenant, AccessSnapshot.Empty, now);
                if (decision is { Outcome: PolicyOutcome.Denied, Denial: DenialReason.Ineligible })
                {
                    ineligible = true;
                    why = decision.Trace.FirstOrDefault(t => t.StartsWith("Eligibility:", StringComparison.Ordinal)) ?? decision.Summary;
                }
            }
            var byOld = approvedByOld.Contains(grant.Id);
            if (!ineligible && !byOld) continue;
            why ??= $"Approved by {ApprovalViews.NameOf(tenant, oldManager!)}, {person.Name}'s previous manager.";
            items.Add(new MoverReviewItem
            {
                GrantId = grant.Id,
                EntitlementId = grant.EntitlementId,
                Scope = grant.Scope,
                Ineligible = ineligible,
                ApprovedByOldManager = byOld,
                Why = why,
            });
        }

        var reviewer = person.Manager is { } m && tenant.Directory.Find(m) is { } manager ? manager.Email : "";
        var review = new MoverReview
        {
            Id = Guid.NewGuid(),
            Person = person.Email,
            Reviewer = reviewer,
            ChangeKey = ChangeKeyOf(move),
            ChangeText = ChangeTextOf(tenant, move),
            CreatedAt = now,
            DueAt = now + TimeSpan.FromDays(_options.MoverReviewDays),
            // Nothing to ask about: recorded (so the move is handled once) and closed.
            ClosedAt = items.Count == 0 ? now : null,
            Items = items,
        };
        if (!await reviews.AddAsync(review, ct)) return; // This move was handled before.

        var detail = items.Count == 0
            ? $"moved ({review.ChangeText}); nothing to review"
            : $"moved ({review.ChangeText}); review {review.Id} of {string.Join(", ", items.Select(i => i.EntitlementId + (i.Ineligible ? " (not eligible)" : "")))} " +
              $"{(reviewer.Length == 0 ? "has no manager to answer it" : $"sent to {reviewer}")}, due {review.DueAt:yyyy-MM-dd HH:mm} UTC";
        await store.RunAsync(s => s.Audit.AppendAsync(new AuditEntry(LifecycleSubjects.System, "directory.mover", LifecycleSubjects.Person(person.Email), detail)), ct);
        LogOpened(person.Email, review.Id, items.Count, reviewer);
        if (items.Count == 0 || reviewer.Length == 0) return;
        var view = await ViewAsync(review, ct);
        if (!await SafeAsync(() => notifier.SendMoverReviewAsync(view, ct))) LogUnreachable(review.Id, reviewer);
    }

    /// <summary>The new manager's answer on one grant of a review.</summary>
    public async Task<MoverReviewResult> DecideAsync(MoverReviewCommand command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(command);
        var actor = (command.ActorEmail ?? "").Trim();
        await _budget.EnsureAsync(BudgetKind.CardClick, actor, ct);
        var tenant = tenants.Current;
        var review = await reviews.GetAsync(command.ReviewId, ct) ?? throw new InvalidInputException($"There is no review {command.ReviewId}.");
        if (actor.Length == 0 || !PersonKey.Same(actor, review.Reviewer))
        {
            await store.RunAsync(s => s.Audit.AppendAsync(new AuditEntry(actor.Length == 0 ? "unknown" : actor, "mover-review.refused",
                LifecycleSubjects.Person(review.Person), $"review {review.Id}: only {review.Reviewer} may answer")), ct);
            LogRefused(review.Id, actor);
            throw new ForbiddenException(NotYours);
        }
        var item = review.Items.FirstOrDefault(i => i.GrantId == command.GrantId)
            ?? throw new InvalidInputException($"Review {review.Id} does not list grant {command.GrantId}.");
        if (item.Decision is not null) return new(false, $"Already answered: {OutcomeOf(tenant, item)}.", await ViewAsync(review, ct));
        if (!review.IsOpen) return new(false, "This review has closed.", await ViewAsync(review, ct));

        var grant = await store.RunAsync(s => s.Grants.GetAsync(item.GrantId), ct);
        var name = tenant.Catalog.FindEntitlement(item.EntitlementId)?.Name ?? item.EntitlementId;
        var personName = ApprovalViews.NameOf(tenant, review.Person);
        var now = clock.GetUtcNow();
        string message;
        if (command.Keep)
        {
            var until = KeepUntil(grant, now);
            if (!await reviews.DecideAsync(review.Id, item.GrantId, ReviewDecision.Keep, until, actor, now, ct))
                return await AlreadyAsync(review.Id, item.GrantId, ct);
            var audit = new AuditEntry(actor, "mover-review.kept", LifecycleSubjects.Grant(item.GrantId),
                $"kept until {until:yyyy-MM-dd HH:mm} UTC on review {review.Id} ({personName} moved: {review.ChangeText})");
            if (grant is { Status: GrantStatus.Active } && (grant.ExpiresAt is null || grant.ExpiresAt > until))
            {
                await store.RunAsync(s => s.Grants.ExtendAsync(item.GrantId, until, audit), ct);
                await revokes.ScheduleAsync(item.GrantId, until, ct);
            }
            else
            {
                await store.RunAsync(s => s.Audit.AppendAsync(audit), ct);
            }
            message = $"Kept: {personName} keeps {name} until {until:yyyy-MM-dd}.";
        }
        else
        {
            if (!await reviews.DecideAsync(review.Id, item.GrantId, ReviewDecision.Revoke, null, actor, now, ct))
                return await AlreadyAsync(review.Id, item.GrantId, ct);
            await revoker.RevokeNowAsync(item.GrantId, actor, $"revoked on review {review.Id} after {personName} moved ({review.ChangeText})", retryFailed: false, ct);
            message = $"Revoking {name} from {personName} now.";
        }
        LogDecided(review.Id, item.GrantId, actor, command.Keep);
        var after = await reviews.GetAsync(review.Id, ct) ?? review;
        if (after.IsOpen && after.Items.All(i => i.Decision is not null) && await reviews.CloseAsync(review.Id, now, ct))
            after = await reviews.GetAsync(review.Id, ct) ?? after;
        var view = await ViewAsync(after, ct);
        await SafeAsync(() => notifier.SendMoverReviewAsync(view, ct));
        return new(true, message, view);
    }

    /// <summary>The review card as it stands, for the reviewer only (<see cref="ForbiddenException"/> for anyone else).</summary>
    public async Task<MoverReviewView?> GetViewForAsync(Guid reviewId, string viewerEmail, CancellationToken ct)
    {
        var review = await reviews.GetAsync(reviewId, ct);
        if (review is null) return null;
        if (!PersonKey.Same(viewerEmail, review.Reviewer)) throw new ForbiddenException(NotYours);
        return await ViewAsync(review, ct);
    }

    /// <summary>
    /// Closes the reviews whose time is up: unanswered grants the new department is not eligible for are revoked,
    /// the others kept. Guarded per grant and per review, so two nodes acting at once act once. Returns how many
    /// reviews it closed.
    /// </summary>
    public async Task<int> RunDueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var closed = 0;
        foreach (var review in await reviews.ListDueAsync(now, ct))
        {
            var tenant = tenants.Current;
            var personName = ApprovalViews.NameOf(tenant, review.Person);
            foreach (var item in review.Items.Where(i => i.Decision is null))
            {
                if (item.Ineligible)
                {
                    if (!await reviews.DecideAsync(review.Id, item.GrantId, ReviewDecision.AutoRevoked, null, LifecycleSubjects.System, now, ct)) continue;
                    await revoker.RevokeNowAsync(item.GrantId, LifecycleSubjects.System,
                        $"not eligible after {personName} moved ({review.ChangeText}) and not reviewed within {_options.MoverReviewDays} days", retryFailed: false, ct);
                }
                else if (await reviews.DecideAsync(review.Id, item.GrantId, ReviewDecision.KeptUnanswered, null, LifecycleSubjects.System, now, ct))
                {
                    await store.RunAsync(s => s.Audit.AppendAsync(new AuditEntry(LifecycleSubjects.System, "mover-review.kept-unanswered",
                        LifecycleSubjects.Grant(item.GrantId), $"review {review.Id} unanswered within {_options.MoverReviewDays} days; still eligible, so kept")), ct);
                }
            }
            if (!await reviews.CloseAsync(review.Id, now, ct)) continue;
            closed++;
            LogClosed(review.Id);
            if (review.Reviewer.Length > 0 && await reviews.GetAsync(review.Id, ct) is { } done)
            {
                var view = await ViewAsync(done, ct);
                await SafeAsync(() => notifier.SendMoverReviewAsync(view, ct));
            }
        }
        return closed;
    }

    public const string NotYours = "Only the manager this review was sent to can answer it.";

    private async Task<MoverReviewResult> AlreadyAsync(Guid reviewId, Guid grantId, CancellationToken ct)
    {
        var now = await reviews.GetAsync(reviewId, ct) ?? throw new InvalidInputException($"There is no review {reviewId}.");
        var item = now.Items.First(i => i.GrantId == grantId);
        return new(false, $"Already answered: {OutcomeOf(tenants.Current, item)}.", await ViewAsync(now, ct));
    }

    private DateTimeOffset KeepUntil(Grant? grant, DateTimeOffset now)
    {
        var cap = now + TimeSpan.FromDays(_options.MoverKeepDays);
        return grant?.ExpiresAt is { } end && end < cap ? end : cap;
    }

    private async Task<MoverReviewView> ViewAsync(MoverReview review, CancellationToken ct)
    {
        var tenant = tenants.Current;
        var now = clock.GetUtcNow();
        var person = tenant.Directory.Find(review.Person);
        var grants = await store.RunAsync(async s =>
        {
            var found = new Dictionary<Guid, Grant>();
            foreach (var item in review.Items)
            {
                if (await s.Grants.GetAsync(item.GrantId) is { } g) found[g.Id] = g;
            }
            return found;
        }, ct);
        return new MoverReviewView
        {
            ReviewId = review.Id,
            ReviewerEmail = review.Reviewer,
            PersonEmail = review.Person,
            PersonName = person?.Name ?? review.Person,
            PersonTitle = person?.Title ?? "",
            ChangeText = review.ChangeText,
            DueAt = review.DueAt,
            Open = review.IsOpen,
            Items = [.. review.Items.Select(i =>
            {
                var entitlement = tenant.Catalog.FindEntitlement(i.EntitlementId);
                var app = entitlement is null ? null : tenant.Catalog.FindApp(entitlement.AppId);
                var grant = grants.GetValueOrDefault(i.GrantId);
                return new MoverReviewItemView
                {
                    GrantId = i.GrantId,
                    EntitlementName = entitlement?.Name ?? i.EntitlementId,
                    AppName = app?.Name ?? "",
                    Scope = i.Scope,
                    Why = i.Why,
                    Ineligible = i.Ineligible,
                    KeepUntil = i.KeepUntil ?? KeepUntil(grant, now),
                    Outcome = i.Decision is null
                        ? grant is { Status: not GrantStatus.Active } ? "Already ended." : null
                        : OutcomeOf(tenant, i),
                };
            })],
        };
    }

    private string OutcomeOf(Tenant tenant, MoverReviewItem item)
    {
        var by = item.DecidedBy is null ? "" : ApprovalViews.NameOf(tenant, item.DecidedBy);
        return item.Decision switch
        {
            ReviewDecision.Keep => $"kept until {item.KeepUntil:yyyy-MM-dd} by {by}",
            ReviewDecision.Revoke => $"revoked by {by}",
            ReviewDecision.AutoRevoked => $"revoked: not eligible, and no answer within {_options.MoverReviewDays} days",
            ReviewDecision.KeptUnanswered => $"kept: no answer within {_options.MoverReviewDays} days, and still eligible",
            _ => "not answered yet",
        };
    }

    internal static string ChangeKeyOf(PersonMove move)
    {
        static string Of(Person p) => $"{p.Department}\u001f{p.Title}\u001f{p.Manager?.Trim().ToLowerInvariant()}";
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Of(move.Before)}\u001e{Of(move.After)}")));
    }

    private static string ChangeTextOf(Tenant tenant, PersonMove move)
    {
        var parts = new List<string>();
        if (move.DepartmentChanged) parts.Add($"department {move.Before.Department} → {move.After.Department}");
        if (move.TitleChanged) parts.Add($"title {move.Before.Title} → {move.After.Title}");
        if (move.ManagerChanged)
        {
            string Name(string? email) => email is null ? "nobody" : ApprovalViews.NameOf(tenant, email);
            parts.Add($"manager {Name(move.Before.Manager)} → {Name(move.After.Manager)}");
        }
        return string.Join("; ", parts);
    }

    private async Task<bool> SafeAsync(Func<Task<bool>> send)
    {
        try
        {
            return await send();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogDeliveryFailed(ex);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Mover {Person}: review {ReviewId} of {Items} grants for {Reviewer}")]
    private partial void LogOpened(string person, Guid reviewId, int items, string reviewer);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review {ReviewId}: {Actor} answered grant {GrantId} (keep: {Keep})")]
    private partial void LogDecided(Guid reviewId, Guid grantId, string actor, bool keep);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review {ReviewId}: answer by {Actor} refused, not the reviewer")]
    private partial void LogRefused(Guid reviewId, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review {ReviewId} closed at its due date")]
    private partial void LogClosed(Guid reviewId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Review {ReviewId}: {Reviewer} cannot be reached; the review still closes at its due date")]
    private partial void LogUnreachable(Guid reviewId, string reviewer);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling the mover {Person} failed; the next delivery tries again")]
    private partial void LogFailed(Exception ex, string person);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A review card could not be delivered")]
    private partial void LogDeliveryFailed(Exception ex);
}
