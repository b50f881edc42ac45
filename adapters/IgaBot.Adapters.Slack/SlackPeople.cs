using System.Collections.Concurrent;
using IgaBot.Core;
using IgaBot.Core.People;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.Slack;

/// <summary>
/// Who a Slack user is in the directory, and how to reach a directory person in Slack. The directory's
/// <c>slack_id</c> wins; otherwise the Slack profile email (<c>users.info</c>) or a lookup by email
/// (<c>users.lookupByEmail</c>), both cached for <see cref="SlackOptions.IdentityCacheMinutes"/>.
/// </summary>
public sealed partial class SlackPeople(
    ITenantAccessor tenant,
    SlackApiClient api,
    TimeProvider time,
    IOptions<SlackOptions> options,
    ILogger<SlackPeople> logger)
{
    private readonly ConcurrentDictionary<string, (string? Value, DateTimeOffset Until)> _emailByUser = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (string? Value, DateTimeOffset Until)> _userByEmail = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The directory person behind a Slack user id, or null when there is none (unknown people get nothing).</summary>
    public async Task<Person?> FindPersonAsync(string slackUserId, CancellationToken ct)
    {
        var directory = tenant.Current.Directory;
        var bySlackId = directory.FindBySlackId(slackUserId);
        if (bySlackId is not null) return bySlackId;

        var email = await CachedAsync(_emailByUser, slackUserId, async () =>
        {
            var user = await api.GetUserAsync(slackUserId, ct);
            return user is null || user.IsBot || user.Deleted ? null : user.Email;
        });
        var person = email is null ? null : directory.Find(email);
        if (person is null) LogUnknown(logger, slackUserId);
        return person;
    }

    /// <summary>The Slack user id for a directory email, or null when the person is not in Slack.</summary>
    public async Task<string?> FindSlackUserIdAsync(string email, CancellationToken ct)
    {
        var person = tenant.Current.Directory.Find(email);
        if (!string.IsNullOrEmpty(person?.SlackId)) return person.SlackId;
        return await CachedAsync(_userByEmail, email, async () =>
        {
            var user = await api.LookupUserByEmailAsync(email, ct);
            return user is null || user.Deleted ? null : user.Id;
        });
    }

    private async Task<string?> CachedAsync(
        ConcurrentDictionary<string, (string? Value, DateTimeOffset Until)> cache, string key, Func<Task<string?>> load)
    {
        var now = time.GetUtcNow();
        if (cache.TryGetValue(key, out var hit) && hit.Until > now) return hit.Value;
        var value = await load();
        cache[key] = (value, now.AddMinutes(options.Value.IdentityCacheMinutes));
        return value;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slack user {SlackUserId} is not in the directory")]
    private static partial void LogUnknown(ILogger logger, string slackUserId);
}
