namespace IgaBot.Core.Provisioning;

public enum ConnectorOutcome
{
    /// <summary>The target system is now in the asked state (it may already have been).</summary>
    Done,
    /// <summary>A person has been asked to make the change (manual connector); nothing is known yet.</summary>
    Pending,
    /// <summary>It did not work this time (throttled, unreachable, 5xx); the same call may work later.</summary>
    Transient,
    /// <summary>It will not work until a person fixes something (unknown user or group, bad token, refused).</summary>
    Permanent,
}

/// <summary>The answer of a connector call. Build it with the static factories.</summary>
public sealed record ConnectorResult
{
    private ConnectorResult(ConnectorOutcome outcome, string? message)
    {
        Outcome = outcome;
        Message = message;
    }

    public ConnectorOutcome Outcome { get; }

    /// <summary>For people: what happened, what is awaited, or what is wrong and how to fix it.</summary>
    public string? Message { get; }

    /// <summary>For <see cref="ConnectorOutcome.Transient"/>: how long the target system asked us to wait, when it said so.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    /// <summary>
    /// For <see cref="ConnectorOutcome.Done"/>: what the target system knows the membership by (its group id).
    /// For <see cref="ConnectorOutcome.Pending"/>: the id of the manual task, so the workflow can complete it.
    /// </summary>
    public string? Reference { get; private init; }

    /// <summary>True when the call found the asked state already in place and changed nothing.</summary>
    public bool Unchanged { get; private init; }

    public bool IsDone => Outcome == ConnectorOutcome.Done;
    public bool IsFailure => Outcome is ConnectorOutcome.Transient or ConnectorOutcome.Permanent;

    public static ConnectorResult Done(string? reference = null, string? message = null) =>
        new(ConnectorOutcome.Done, message) { Reference = reference };

    /// <summary>Done, and nothing had to change ("already a member", "already absent").</summary>
    public static ConnectorResult AlreadyDone(string? reference = null, string? message = null) =>
        new(ConnectorOutcome.Done, message) { Reference = reference, Unchanged = true };

    public static ConnectorResult Pending(string reference, string message) =>
        new(ConnectorOutcome.Pending, message) { Reference = reference };

    public static ConnectorResult Transient(string message, TimeSpan? retryAfter = null) =>
        new(ConnectorOutcome.Transient, message) { RetryAfter = retryAfter };

    public static ConnectorResult Permanent(string message) => new(ConnectorOutcome.Permanent, message);

    public override string ToString() => RetryAfter is { } wait
        ? $"{Outcome} (retry after {wait.TotalSeconds:0.#} s): {Message}"
        : Message is null ? Outcome.ToString() : $"{Outcome}: {Message}";
}

/// <summary>A connector could not do what was asked; <see cref="Failure"/> says whether trying again may help.</summary>
public sealed class ConnectorException : Exception
{
    public ConnectorException(ConnectorResult failure)
        : base(failure.Message)
    {
        if (!failure.IsFailure)
        {
            throw new ArgumentException($"A {failure.Outcome} result is not a failure.", nameof(failure));
        }

        Failure = failure;
    }

    public ConnectorResult Failure { get; }
}
