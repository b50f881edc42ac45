using System.Globalization;
using IgaBot.Core.Policy;

namespace IgaBot.Adapters.Slack;

/// <summary>
/// The action ids, callback ids and button values the bot puts into Block Kit, and their parsing.
/// A value says what was clicked on (a request, a grant, an option), never who clicked: the actor
/// is always the Slack user of the signed payload.
/// </summary>
public static class SlackActions
{
    public const string QuestionBlock = "question";
    public const string QuestionOptionPrefix = "question.option.";
    public const string QuestionSelect = "question.select";
    public const string Approve = "approval.approve";
    public const string Deny = "approval.deny";
    public const string ApproveShorter = "approval.shorter";
    public const string Release = "grant.release";
    public const string Extend = "grant.extend";
    public const string TaskDone = "task.done";
    public const string TaskCannot = "task.cannot";
    public const string NewRequest = "home.new_request";
    public const string ReviewKeep = "review.keep";
    public const string ReviewRevoke = "review.revoke";
    public const string WelcomeRequest = "welcome.request";

    public const string RequestModal = "access.request";
    public const string DenyModal = "approval.deny_reason";
    public const string CannotModal = "task.cannot_reason";

    /// <summary>The action id of every input element in our modals; blocks are told apart by block id.</summary>
    public const string InputAction = "value";

    public static string Choice(Slot slot, string value) => $"{slot}|{value}";

    public static bool TryParseChoice(string? value, out Slot slot, out string choice)
    {
        slot = default;
        choice = "";
        var bar = value?.IndexOf('|') ?? -1;
        if (bar <= 0 || !Enum.TryParse(value![..bar], ignoreCase: false, out slot) || !Enum.IsDefined(slot)) return false;
        choice = value[(bar + 1)..];
        return true;
    }

    public static string Stage(Guid requestId, int stage) => string.Create(CultureInfo.InvariantCulture, $"{requestId:N}|{stage}");

    public static string Shorter(Guid requestId, int stage, TimeSpan duration) => $"{Stage(requestId, stage)}|{Durations.ToIso(duration)}";

    public static bool TryParseStage(string? value, out Guid requestId, out int stage, out TimeSpan? duration)
    {
        requestId = Guid.Empty;
        stage = 0;
        duration = null;
        var parts = value?.Split('|') ?? [];
        if (parts.Length is < 2 or > 3 || !Guid.TryParseExact(parts[0], "N", out requestId)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out stage)) return false;
        if (parts.Length == 3)
        {
            if (!Durations.TryParseIso(parts[2], out var d) || d <= TimeSpan.Zero) return false;
            duration = d;
        }
        return true;
    }

    public static string Extension(Guid grantId, TimeSpan by) => $"{grantId:N}|{Durations.ToIso(by)}";

    public static bool TryParseExtension(string? value, out Guid grantId, out TimeSpan by)
    {
        grantId = Guid.Empty;
        by = default;
        var parts = value?.Split('|') ?? [];
        return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out grantId)
            && Durations.TryParseIso(parts[1], out by) && by > TimeSpan.Zero;
    }

    public static string ReviewItem(Guid reviewId, Guid grantId) => $"{reviewId:N}|{grantId:N}";

    public static bool TryParseReviewItem(string? value, out Guid reviewId, out Guid grantId)
    {
        reviewId = grantId = Guid.Empty;
        var parts = value?.Split('|') ?? [];
        return parts.Length == 2 && Guid.TryParseExact(parts[0], "N", out reviewId) && Guid.TryParseExact(parts[1], "N", out grantId);
    }

    public static string Id(Guid id) => id.ToString("N");

    public static bool TryParseId(string? value, out Guid id) => Guid.TryParseExact(value, "N", out id);
}
