using System.Text.Json;
using System.Text.Json.Serialization;
using IgaBot.Core.Approvals;
using IgaBot.Core.People;
using IgaBot.Core.Storage;

namespace IgaBot.Core.Provisioning;

/// <summary>
/// Notices that must not be lost, as outbox messages: written in the transaction of the change they tell about, so a
/// crash after the commit cannot lose them, and delivered by the provisioning worker. The writer enqueues them claimed
/// and delivers them itself right after its commit; if it dies first, another worker delivers them when the lease runs
/// out (<see cref="LifecycleNotice.Redelivery"/> then set, so a channel that can look first does not send twice).
/// </summary>
public static class NoticeOutbox
{
    public const string Kind = "notice.lifecycle";

    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };

    /// <summary>
    /// One notice per event, thing and person: the same notice enqueued twice is one message. The thing is the grant for
    /// the holder's notices of a grant (revoked, expiring), else the request when there is one (an extension's notice names
    /// both, and is about the request). An event that can happen more than once to the same thing (a stage escalated, a
    /// removal failing again after a retry) names its <paramref name="occasion"/>.
    /// </summary>
    public static string KeyOf(LifecycleNotice notice, string? occasion = null)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var grantFirst = notice.Kind is LifecycleKind.Revoked or LifecycleKind.Expiring || notice.RequestId is null;
        var thing = grantFirst && notice.GrantId is { } grant ? $"grant:{grant:N}" : notice.RequestId is { } request ? $"request:{request:N}"
            : throw new InvalidInputException("A notice in the outbox needs the grant or request it is about.");
        var key = $"{Kind}:{notice.Kind}:{thing}:{PersonKey.Of(notice.RecipientEmail)}";
        return string.IsNullOrWhiteSpace(occasion) ? key : $"{key}:{occasion.Trim()}";
    }

    /// <summary>Inside the caller's transaction: the notice, held by <paramref name="claim"/> for <paramref name="lease"/>.</summary>
    public static Task<OutboxMessage> EnqueueClaimedAsync(IOutbox outbox, LifecycleNotice notice, string claim, TimeSpan lease, string? occasion = null)
    {
        ArgumentNullException.ThrowIfNull(outbox);
        return outbox.EnqueueClaimedAsync(Kind, JsonSerializer.Serialize(notice with { DeliveryKey = null, Redelivery = false }, Json),
            KeyOf(notice, occasion), claim, lease);
    }

    /// <summary>The notice a message carries, with what its delivery needs to know (its key, whether it is a second try).</summary>
    public static LifecycleNotice Read(OutboxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var notice = JsonSerializer.Deserialize<LifecycleNotice>(message.Payload, Json)
                     ?? throw new InvalidInputException($"Outbox message {message.Id} carries no notice.");
        return notice with { DeliveryKey = message.Key, Redelivery = message.Attempts > 1 };
    }
}
