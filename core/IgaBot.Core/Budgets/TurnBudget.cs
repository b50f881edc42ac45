using System.Globalization;

namespace IgaBot.Core.Budgets;

/// <summary>What a person spends from their budgets.</summary>
public enum BudgetKind
{
    /// <summary>A conversation turn: a message, or a clicked option of a question.</summary>
    Turn,

    /// <summary>A click on a card button that acts or reads: approve, deny, done, release, extend, a card refresh.</summary>
    CardClick,

    /// <summary>One call to the language model (each tool round trip of a turn is one); the offline planner is not counted.</summary>
    ModelCall,
}

/// <summary>Whether one more unit was granted; when not, how long until the person's window has room again.</summary>
public readonly record struct BudgetVerdict(bool Allowed, TimeSpan RetryAfter)
{
    public static BudgetVerdict Granted { get; } = new(true, TimeSpan.Zero);

    public static BudgetVerdict Refused(TimeSpan retryAfter) => new(false, retryAfter < TimeSpan.Zero ? TimeSpan.Zero : retryAfter);
}

/// <summary>
/// Per-person budgets for turns, card clicks and model calls, taken by the entry points every channel goes through
/// (the conversation, the approval and grant services, the agent's model calls), so Teams, Slack and the playground
/// share one limit per person. The person is always the resolved directory person (their email), never a name a
/// payload carries. An implementation records a refusal in the audit log once per person, kind and window, not once
/// per refused request.
/// </summary>
public interface ITurnBudget
{
    /// <summary>Takes one unit of <paramref name="kind"/> from the person's budget, or refuses when the window's budget is spent.</summary>
    ValueTask<BudgetVerdict> TryTakeAsync(BudgetKind kind, string personEmail, CancellationToken ct);
}

/// <summary>No limits: what runs when no budget is registered (the CLI, the eval runner, unit tests).</summary>
public sealed class UnlimitedTurnBudget : ITurnBudget
{
    public static UnlimitedTurnBudget Instance { get; } = new();

    public ValueTask<BudgetVerdict> TryTakeAsync(BudgetKind kind, string personEmail, CancellationToken ct) => ValueTask.FromResult(BudgetVerdict.Granted);
}

/// <summary>A person went over a budget: nothing was done, and <see cref="Exception.Message"/> tells them to slow down.</summary>
public sealed class SlowDownException(BudgetKind kind, TimeSpan retryAfter) : Exception(SlowDown.Text(kind, retryAfter))
{
    public BudgetKind Kind { get; } = kind;
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>The sentences a person reads when a budget refuses them, and the check the services call.</summary>
public static class SlowDown
{
    public static string Text(BudgetKind kind, TimeSpan retryAfter) => kind switch
    {
        BudgetKind.Turn =>
            $"You're sending messages faster than I can handle them. Please slow down: wait {Wait(retryAfter)} and try again. I did nothing with this message.",
        BudgetKind.CardClick =>
            $"That's a lot of clicks in a short time. Please slow down: wait {Wait(retryAfter)} and click again. Nothing was done with this click.",
        _ =>
            $"You've used the AI model a lot just now, so the built-in assistant answers you for the next {Wait(retryAfter)}.",
    };

    /// <summary>"a few seconds", "40 seconds", "a minute", "12 minutes", "2 hours": rounded up, never more precise than helpful.</summary>
    public static string Wait(TimeSpan retryAfter)
    {
        var seconds = (int)Math.Ceiling(Math.Max(0, retryAfter.TotalSeconds));
        return seconds switch
        {
            <= 5 => "a few seconds",
            < 60 => string.Create(CultureInfo.InvariantCulture, $"{(seconds + 4) / 5 * 5} seconds"),
            <= 60 => "a minute",
            < 3600 => string.Create(CultureInfo.InvariantCulture, $"{(seconds + 59) / 60} minutes"),
            <= 3600 => "an hour",
            _ => string.Create(CultureInfo.InvariantCulture, $"{(seconds + 3599) / 3600} hours"),
        };
    }

    /// <summary>Takes one unit, or throws <see cref="SlowDownException"/> (which channels show as it is, doing nothing else).</summary>
    public static async ValueTask EnsureAsync(this ITurnBudget budget, BudgetKind kind, string personEmail, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(budget);
        var verdict = await budget.TryTakeAsync(kind, personEmail, ct);
        if (!verdict.Allowed) throw new SlowDownException(kind, verdict.RetryAfter);
    }
}
