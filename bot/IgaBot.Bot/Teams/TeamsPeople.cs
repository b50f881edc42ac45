using System.Net;
using IgaBot.Core;
using IgaBot.Core.People;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;

namespace IgaBot.Bot.Teams;

/// <summary>
/// Who is talking: the directory person behind a Teams activity, found by the AAD object id the
/// directory knows (<c>teamsId</c>) or else by the email/UPN Teams gives for the member.
/// </summary>
internal sealed class TeamsPeople(ITenantAccessor tenant, IMemoryCache cache, ILogger<TeamsPeople> logger)
{
    private static readonly TimeSpan RememberFor = TimeSpan.FromHours(1);

    public async Task<Person?> ResolveAsync(ITurnContext turnContext, CancellationToken ct)
    {
        var from = turnContext.Activity.From;
        if (from is null || string.IsNullOrEmpty(from.Id)) return null;
        // Only Teams vouches for the sender's object id; the bot refuses other channels before this, and this stays so.
        if (turnContext.Activity.ChannelId != Channels.Msteams) return null;
        var directory = tenant.Current.Directory;

        if (!string.IsNullOrEmpty(from.AadObjectId) && directory.FindByTeamsId(from.AadObjectId) is { } known) return known;

        var cacheKey = "teams-member:" + from.Id;
        if (cache.TryGetValue(cacheKey, out string? email) && email is not null) return directory.Find(email);

        TeamsChannelAccount member;
        try
        {
            member = await TeamsInfo.GetMemberAsync(turnContext, from.Id, ct);
        }
        catch (ErrorResponseException e) when (e.Response?.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden)
        {
            logger.LogWarning("Teams did not describe member {TeamsUserId}: {Status}", from.Id, e.Response.StatusCode);
            return null;
        }

        var person = Find(directory, member.Email) ?? Find(directory, member.UserPrincipalName);
        if (person is null)
        {
            logger.LogInformation("Teams user {TeamsUserId} ({AadObjectId}) is not in the directory", from.Id, member.AadObjectId ?? from.AadObjectId);
            return null;
        }
        cache.Set(cacheKey, person.Email, RememberFor);
        return person;
    }

    private static Person? Find(PeopleDirectory directory, string? email) =>
        string.IsNullOrWhiteSpace(email) ? null : directory.Find(email.Trim());
}
