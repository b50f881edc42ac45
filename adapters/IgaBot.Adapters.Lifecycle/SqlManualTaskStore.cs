using System.Text.Json;
using Dapper;
using IgaBot.Adapters.Storage;
using IgaBot.Core.Provisioning;

namespace IgaBot.Adapters.Lifecycle;

/// <summary>
/// Manual tasks in <c>manual_tasks</c>. Each call is its own short transaction: the manual connector hands a
/// task over outside any unit of work, and the owner's answer is guarded on the request or grant it changes.
/// </summary>
public sealed class SqlManualTaskStore : IManualTaskStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly StorageDatabase _database;

    public SqlManualTaskStore(StorageDatabase database)
    {
        _database = database;
        DapperTypeHandlers.Register();
    }

    public async Task<bool> AddAsync(ManualTask task, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(task);
        const string sql = """
            INSERT INTO manual_tasks (id, operation, assignee, grant_id, task, created_at)
            VALUES (@Id, @Operation, @Assignee, @GrantId, @Task, @CreatedAt)
            ON CONFLICT (id) DO NOTHING
            """;
        return await _database.ExecuteWriteAsync(sql, new
        {
            task.Id,
            Operation = task.Operation.ToString(),
            Assignee = task.Assignee.Trim().ToLowerInvariant(),
            task.Target.GrantId,
            Task = JsonSerializer.Serialize(task, Json),
            task.CreatedAt,
        }, ct) == 1;
    }

    public async Task<StoredManualTask?> GetAsync(Guid id, CancellationToken ct)
    {
        const string sql = """
            SELECT id, task, request_id, resolution, resolved_by, resolved_at, note FROM manual_tasks WHERE id = @id
            """;
        await using var connection = await _database.OpenAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(sql, new { id }, cancellationToken: ct));
        return row?.ToStored();
    }

    public async Task LinkRequestAsync(Guid taskId, Guid requestId, CancellationToken ct)
    {
        const string sql = """UPDATE manual_tasks SET request_id = @requestId WHERE id = @taskId""";
        await _database.ExecuteWriteAsync(sql, new { taskId, requestId }, ct);
    }

    public async Task<bool> ResolveAsync(Guid id, ManualTaskResolution resolution, string resolvedBy, string? note, DateTimeOffset at, CancellationToken ct)
    {
        const string sql = """
            UPDATE manual_tasks SET resolution = @resolution, resolved_by = @resolvedBy, resolved_at = @at, note = @note
            WHERE id = @id AND resolution IS NULL
            """;
        return await _database.ExecuteWriteAsync(sql, new { id, resolution = resolution.ToString(), resolvedBy = resolvedBy.Trim().ToLowerInvariant(), at, note }, ct) == 1;
    }

    public async Task<bool> ReassignAsync(Guid id, string expectedAssignee, string assignee, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignee);
        var stored = await GetAsync(id, ct);
        if (stored is not { IsOpen: true } || !string.Equals(stored.Task.Assignee, expectedAssignee, StringComparison.OrdinalIgnoreCase)) return false;
        // The task's JSON names the assignee too (the desk checks who answers against it): both change together.
        const string sql = """
            UPDATE manual_tasks SET assignee = @assignee, task = @task
            WHERE id = @id AND assignee = @expected AND resolution IS NULL
            """;
        return await _database.ExecuteWriteAsync(sql, new
        {
            id,
            assignee = assignee.Trim().ToLowerInvariant(),
            expected = expectedAssignee.Trim().ToLowerInvariant(),
            task = JsonSerializer.Serialize(stored.Task with { Assignee = assignee.Trim() }, Json),
        }, ct) == 1;
    }

    public async Task<IReadOnlyList<StoredManualTask>> ListOpenAsync(CancellationToken ct)
    {
        const string sql = """
            SELECT id, task, request_id, resolution, resolved_by, resolved_at, note FROM manual_tasks
            WHERE resolution IS NULL ORDER BY created_at, id
            """;
        await using var connection = await _database.OpenAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, cancellationToken: ct));
        return [.. rows.Select(r => r.ToStored())];
    }

    private sealed class Row
    {
        public Guid Id { get; set; }
        public string Task { get; set; } = "";
        public Guid? RequestId { get; set; }
        public string? Resolution { get; set; }
        public string? ResolvedBy { get; set; }
        public DateTimeOffset? ResolvedAt { get; set; }
        public string? Note { get; set; }

        public StoredManualTask ToStored() => new()
        {
            Task = JsonSerializer.Deserialize<ManualTask>(Task, Json) ?? throw new InvalidOperationException($"Manual task {Id} cannot be read."),
            RequestId = RequestId,
            Resolution = Resolution is null ? null : Enum.Parse<ManualTaskResolution>(Resolution),
            ResolvedBy = ResolvedBy,
            ResolvedAt = ResolvedAt,
            Note = Note,
        };
    }
}
