namespace IgaBot.Core.Grants;

/// <summary>What became of a holder's Release or Extend.</summary>
public enum GrantActionOutcome
{
    /// <summary>Release: the grant moved to Revoking and its removal is queued.</summary>
    Releasing,
    /// <summary>Release: someone (the sweeper, the trigger) started removing it first.</summary>
    AlreadyEnding,
    /// <summary>Release: the access had already ended.</summary>
    AlreadyEnded,
    /// <summary>Extend: auto-approved, and the grant's end has moved.</summary>
    Extended,
    /// <summary>Extend: an extension request now waits for its approvers.</summary>
    ExtensionRequested,
    /// <summary>Extend: an extension of this grant was already waiting for approval.</summary>
    ExtensionAlreadyWaiting,
    /// <summary>The grant is someone else's; the refusal is audited.</summary>
    NotYours,
    /// <summary>Extend: nothing was started (too short, permanent, ended, refused by policy...); the message says why.</summary>
    NotExtended,
    /// <summary>This installation has no grant lifecycle.</summary>
    Unavailable,
}

/// <summary>
/// The answer to a Release or Extend: the outcome callers act on, and the sentence shown to the holder.
/// </summary>
public sealed record GrantActionResult(GrantActionOutcome Outcome, string Message)
{
    /// <summary>
    /// Whether the access is now ending (Release) or its extension is under way or applied (Extend): what the
    /// assistant reports as done.
    /// </summary>
    public bool TookEffect => Outcome is GrantActionOutcome.Releasing or GrantActionOutcome.AlreadyEnding or GrantActionOutcome.AlreadyEnded
        or GrantActionOutcome.Extended or GrantActionOutcome.ExtensionRequested or GrantActionOutcome.ExtensionAlreadyWaiting;
}
