namespace IgaBot.Core.Provisioning;

public enum ManualTaskResolution { Done, Cannot }

/// <summary>A manual task as stored: the task, the request it provisions (for grants) and how it was answered.</summary>
public sealed record StoredManualTask
{
    public required ManualTask Task { get; init; }
    /// <summary>The request a grant task provisions; set by the worker once the connector handed the task over.</summary>
    public Guid? RequestId { get; init; }
    public ManualTaskResolution? Resolution { get; init; }
    public string? ResolvedBy { get; init; }
    public DateTimeOffset? ResolvedAt { get; init; }
    public string? Note { get; init; }

    public bool IsOpen => Resolution is null;
}

/// <summary>Manual provisioning tasks handed to app owners, kept until they answer (and after).</summary>
public interface IManualTaskStore
{
    /// <summary>Stores a new task; false when a task with its id is already stored (a retried hand-over).</summary>
    Task<bool> AddAsync(ManualTask task, CancellationToken ct);

    Task<StoredManualTask?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>Records which request a grant task provisions.</summary>
    Task LinkRequestAsync(Guid taskId, Guid requestId, CancellationToken ct);

    /// <summary>Records the answer once: false when the task was already answered.</summary>
    Task<bool> ResolveAsync(Guid id, ManualTaskResolution resolution, string resolvedBy, string? note, DateTimeOffset at, CancellationToken ct);

    /// <summary>
    /// Hands an unanswered task to another person (its assignee left the directory); false when it was answered or
    /// reassigned by someone else first.
    /// </summary>
    Task<bool> ReassignAsync(Guid id, string expectedAssignee, string assignee, CancellationToken ct);

    /// <summary>Tasks nobody has answered yet, oldest first.</summary>
    Task<IReadOnlyList<StoredManualTask>> ListOpenAsync(CancellationToken ct);
}
