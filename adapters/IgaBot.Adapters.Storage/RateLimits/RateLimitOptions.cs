using IgaBot.Core;
using IgaBot.Core.Budgets;

namespace IgaBot.Adapters.RateLimits;

/// <summary>One budget: at most <see cref="Limit"/> in each <see cref="Window"/>, per person (0 = no limit).</summary>
public sealed class BudgetOptions
{
    public int Limit { get; set; }
    public TimeSpan Window { get; set; }
}

/// <summary>
/// Settings section <c>RateLimits</c>: per-person budgets for conversation turns, card clicks and language-model calls,
/// the same for Teams, Slack and the playground.
/// </summary>
public sealed class RateLimitOptions : ISelfValidatingOptions
{
    public const string Section = "RateLimits";

    /// <summary>False switches every budget off (e.g. a load test).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Messages and clicked options: a person types a few a minute; 30 in a second is a script.</summary>
    public BudgetOptions Turns { get; set; } = new() { Limit = 20, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Approve, deny, done, release, extend and card refreshes: each may write an audit row.</summary>
    public BudgetOptions CardClicks { get; set; } = new() { Limit = 30, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Calls to the language model (a turn makes one per tool round trip, usually 2 to 4): what the model costs.</summary>
    public BudgetOptions ModelCalls { get; set; } = new() { Limit = 200, Window = TimeSpan.FromHours(1) };

    /// <summary>
    /// Count in the application database as well, so every instance sharing it shares one budget per person and a
    /// refusal is audited once per window across them all. Off: each instance counts on its own.
    /// </summary>
    public bool Shared { get; set; } = true;

    public BudgetOptions For(BudgetKind kind) => kind switch
    {
        BudgetKind.Turn => Turns,
        BudgetKind.CardClick => CardClicks,
        _ => ModelCalls,
    };

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        foreach (var kind in Enum.GetValues<BudgetKind>())
        {
            var budget = For(kind);
            var name = $"{Section}:{NameOf(kind)}";
            if (budget.Limit < 0) problems.Add($"{name}:Limit must be 0 (no limit) or more, not {budget.Limit}.");
            if (budget.Limit > 0 && (budget.Window < TimeSpan.FromSeconds(1) || budget.Window > TimeSpan.FromDays(1)))
                problems.Add($"{name}:Window must be between 00:00:01 and 1.00:00:00, not {budget.Window}.");
        }
        return problems;
    }

    /// <summary>The settings key of a kind's budget.</summary>
    public static string NameOf(BudgetKind kind) => kind switch
    {
        BudgetKind.Turn => nameof(Turns),
        BudgetKind.CardClick => nameof(CardClicks),
        _ => nameof(ModelCalls),
    };

    /// <summary>How start-up describes the budgets in force.</summary>
    public string Describe() => !Enabled
        ? "off (RateLimits:Enabled=false)"
        : string.Join("; ", Enum.GetValues<BudgetKind>().Select(k => For(k) is { Limit: > 0 } b
            ? $"{NameOf(k)} {b.Limit} per {b.Window}"
            : $"{NameOf(k)} unlimited")) + (Shared ? ", counted in the database (shared by every instance)" : ", counted per instance");
}
