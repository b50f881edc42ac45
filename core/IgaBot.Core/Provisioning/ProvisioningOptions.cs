using IgaBot.Core.Storage;

namespace IgaBot.Core.Provisioning;

/// <summary>Settings section <c>Provisioning</c>: how the outbox worker delivers connector calls and retries them.</summary>
public sealed class ProvisioningOptions : ISelfValidatingOptions
{
    public const string Section = "Provisioning";

    /// <summary>How often the worker looks for due work when nobody woke it up.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many outbox messages one claim takes.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long a claimed message stays hidden from other workers unless renewed: the worker renews it every third of
    /// the lease while its connector calls run, so a slow call is not taken over, and a crashed instance's message comes
    /// back to another one within the lease. A stopping instance hands its messages back at once.
    /// </summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How many connector calls (and notices after them) one batch makes at once.</summary>
    public int Concurrency { get; set; } = 8;

    /// <summary>Connector attempts before a change is given up (request Failed, grant RevokeFailed) and the owner alerted.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>The wait after the first failure; it doubles after each further one.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    public OutboxRetryPolicy RetryPolicy => new(MaxAttempts, RetryBaseDelay, RetryMaxDelay);

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (PollInterval <= TimeSpan.Zero) problems.Add($"{Section}:PollInterval must be positive.");
        if (BatchSize < 1) problems.Add($"{Section}:BatchSize must be at least 1.");
        if (Concurrency < 1) problems.Add($"{Section}:Concurrency must be at least 1.");
        if (Lease < TimeSpan.FromSeconds(1)) problems.Add($"{Section}:Lease must be at least one second (it is renewed every third of it).");
        if (MaxAttempts < 1) problems.Add($"{Section}:MaxAttempts must be at least 1.");
        if (RetryBaseDelay <= TimeSpan.Zero || RetryMaxDelay < RetryBaseDelay)
            problems.Add($"{Section}:RetryBaseDelay must be positive and RetryMaxDelay at least as long.");
        return problems;
    }
}
