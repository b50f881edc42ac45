using System.Text.Json;
using Dapper;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.People;
using IgaBot.Core.Requests;
using IgaBot.Core.Storage;

namespace IgaBot.Adapters.Storage;

internal sealed class SqlRequestStore(SessionContext s, IAuditLog audit) : IRequestStore
{
    private const string RequestColumns = """
        id, requester, beneficiary, entitlement_id, scope, duration_ticks AS duration, justification, status,
        created_at, updated_at, trace, extends_grant_id, outcome
        """;

    /// <summary>The open statuses (<see cref="RequestTransitions.IsOpen"/>) as an SQL list; a test keeps the two in step.</summary>
    internal const string OpenStatusList = "('Draft', 'Submitted', 'PendingApproval', 'Approved', 'Provisioning')";

    private const string StageColumns = """
        request_id, ord, step, approvers, status, activated_at, decided_by, decided_at, reason,
        approved_duration_ticks AS approved_duration, reminders_sent, escalated
        """;

    public async Task CreateAsync(AccessRequest request, IReadOnlyList<ApprovalStage> stages, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stages);
        if (string.IsNullOrWhiteSpace(request.Requester) || string.IsNullOrWhiteSpace(request.Beneficiary) || string.IsNullOrWhiteSpace(request.EntitlementId))
            throw new InvalidInputException("A request needs a requester, a beneficiary and an entitlement.");
        if (request.Duration is { } d && d <= TimeSpan.Zero)
            throw new InvalidInputException("A request's duration must be positive (or null for permanent).");
        if (stages.Any(st => st.RequestId != request.Id))
            throw new InvalidInputException($"Every stage must belong to request {request.Id}.");
        if (stages.Select(st => st.Order).Distinct().Count() != stages.Count)
            throw new InvalidInputException("Two stages of one request cannot share an order.");

        const string insert = """
            INSERT INTO access_requests (id, requester, beneficiary, entitlement_id, scope, duration_ticks, justification,
                status, created_at, updated_at, trace, extends_grant_id, outcome)
            VALUES (@Id, @Requester, @Beneficiary, @EntitlementId, @Scope, @Duration, @Justification,
                @Status, @CreatedAt, @UpdatedAt, @Trace, @ExtendsGrantId, @Outcome)
            """;
        await s.Connection.ExecuteAsync(s.Command(insert, new
        {
            request.Id,
            Requester = PersonKey.Of(request.Requester),
            Beneficiary = PersonKey.Of(request.Beneficiary),
            request.EntitlementId,
            request.Scope,
            request.Duration,
            request.Justification,
            Status = request.Status.ToString(),
            request.CreatedAt,
            request.UpdatedAt,
            request.Trace,
            request.ExtendsGrantId,
            request.Outcome,
        }));

        const string insertStage = """
            INSERT INTO approval_stages (request_id, ord, step, approvers, status, activated_at, decided_by, decided_at,
                reason, approved_duration_ticks, reminders_sent, escalated)
            VALUES (@RequestId, @Order, @Step, @Approvers, @Status, @ActivatedAt, @DecidedBy, @DecidedAt,
                @Reason, @ApprovedDuration, @RemindersSent, @Escalated)
            """;
        foreach (var stage in stages.OrderBy(st => st.Order))
        {
            await s.Connection.ExecuteAsync(s.Command(insertStage, new
            {
                stage.RequestId,
                stage.Order,
                stage.Step,
                Approvers = ApproversJson(stage.Approvers),
                Status = stage.Status.ToString(),
                stage.ActivatedAt,
                DecidedBy = PersonKey.OfNullable(stage.DecidedBy),
                stage.DecidedAt,
                stage.Reason,
                stage.ApprovedDuration,
                stage.RemindersSent,
                Escalated = stage.Escalated ? 1 : 0,
            }));
        }
        await audit.AppendAsync(entry);
    }

    public async Task<AccessRequest?> GetAsync(Guid id)
    {
        const string sql = $"""SELECT {RequestColumns} FROM access_requests WHERE id = @id""";
        return await s.Connection.QuerySingleOrDefaultAsync<AccessRequest>(s.Command(sql, new { id }));
    }

    public async Task<IReadOnlyList<ApprovalStage>> GetStagesAsync(Guid requestId)
    {
        const string sql = $"""SELECT {StageColumns} FROM approval_stages WHERE request_id = @requestId ORDER BY ord""";
        var rows = await s.Connection.QueryAsync<StageRow>(s.Command(sql, new { requestId }));
        return [.. rows.Select(r => r.ToStage())];
    }

    public async Task<IReadOnlyList<AccessRequest>> ListByStatusAsync(RequestStatus status)
    {
        const string sql = $"""SELECT {RequestColumns} FROM access_requests WHERE status = @status ORDER BY created_at, id""";
        return (await s.Connection.QueryAsync<AccessRequest>(s.Command(sql, new { status = status.ToString() }))).AsList();
    }

    public async Task<IReadOnlyList<AccessRequest>> ListByPersonAsync(string person)
    {
        const string sql = $"""
            SELECT {RequestColumns} FROM access_requests
            WHERE requester = @person OR beneficiary = @person
            ORDER BY created_at DESC, id
            """;
        return (await s.Connection.QueryAsync<AccessRequest>(s.Command(sql, new { person = PersonKey.Of(person) }))).AsList();
    }

    public async Task<IReadOnlyList<AccessRequest>> ListOpenForBeneficiaryAsync(string beneficiary)
    {
        const string sql = $"""
            SELECT {RequestColumns} FROM access_requests
            WHERE beneficiary = @beneficiary AND status IN {OpenStatusList}
            ORDER BY created_at, id
            """;
        return (await s.Connection.QueryAsync<AccessRequest>(s.Command(sql, new { beneficiary = PersonKey.Of(beneficiary) }))).AsList();
    }

    public async Task<IReadOnlyList<AccessRequest>> ListOpenAsync()
    {
        const string sql = $"""
            SELECT {RequestColumns} FROM access_requests
            WHERE status IN {OpenStatusList}
            ORDER BY created_at, id
            """;
        return (await s.Connection.QueryAsync<AccessRequest>(s.Command(sql))).AsList();
    }

    public async Task<IReadOnlyList<ApprovalStage>> ListPendingStagesAsync()
    {
        const string sql = $"""SELECT {StageColumns} FROM approval_stages WHERE status = 'Pending' ORDER BY activated_at, request_id, ord""";
        var rows = await s.Connection.QueryAsync<StageRow>(s.Command(sql));
        return [.. rows.Select(r => r.ToStage())];
    }

    public async Task<AccessRequest> TransitionAsync(Guid id, RequestStatus expected, RequestStatus next, AuditEntry entry, string? outcome = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (!RequestTransitions.IsAllowed(expected, next))
            throw new InvalidInputException($"A request cannot move from {expected} to {next}.");
        // Audit chain lock first (see SqlGrantStore.ChangeStatusAsync).
        await s.LockAsync(SqlAuditLog.HeadLock);
        const string sql = """
            UPDATE access_requests
            SET status = @next, updated_at = @now, outcome = COALESCE(@outcome, outcome)
            WHERE id = @id AND status = @expected
            """;
        var rows = await s.Connection.ExecuteAsync(s.Command(sql, new
        {
            id,
            expected = expected.ToString(),
            next = next.ToString(),
            now = s.Now,
            outcome,
        }));
        if (rows != 1)
        {
            var current = await GetAsync(id) ?? throw new InvalidInputException($"Request {id} does not exist.");
            throw new ConflictException($"Request {id} is {current.Status}, not {expected}: it was changed by someone else first.");
        }
        await audit.AppendAsync(entry);
        return (await GetAsync(id))!;
    }

    public async Task<ApprovalStage> DecideStageAsync(Guid requestId, int order, StageDecision decision, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(entry);
        if (decision.Outcome is not (StageStatus.Approved or StageStatus.Denied))
            throw new InvalidInputException($"A stage is decided Approved or Denied, not {decision.Outcome}.");
        if (string.IsNullOrWhiteSpace(decision.DecidedBy))
            throw new InvalidInputException("A stage decision needs the approver who made it.");
        if (decision.ApprovedDuration is { } d && (decision.Outcome != StageStatus.Approved || d <= TimeSpan.Zero))
            throw new InvalidInputException("A shorter duration can only come with an approval, and must be positive.");
        // Audit chain lock first (see SqlGrantStore.ChangeStatusAsync).
        await s.LockAsync(SqlAuditLog.HeadLock);
        const string sql = """
            UPDATE approval_stages
            SET status = @outcome, decided_by = @decidedBy, decided_at = @now, reason = @reason,
                approved_duration_ticks = @approvedDuration
            WHERE request_id = @requestId AND ord = @order AND status = 'Pending'
            """;
        var rows = await s.Connection.ExecuteAsync(s.Command(sql, new
        {
            requestId,
            order,
            outcome = decision.Outcome.ToString(),
            decidedBy = PersonKey.Of(decision.DecidedBy),
            now = s.Now,
            reason = decision.Reason,
            approvedDuration = decision.ApprovedDuration,
        }));
        return await AfterStageChangeAsync(rows, requestId, order, StageStatus.Pending, entry);
    }

    public async Task<ApprovalStage> ActivateStageAsync(Guid requestId, int order, AuditEntry entry)
    {
        // Audit chain lock first (see SqlGrantStore.ChangeStatusAsync).
        await s.LockAsync(SqlAuditLog.HeadLock);
        const string sql = """
            UPDATE approval_stages SET status = 'Pending', activated_at = @now
            WHERE request_id = @requestId AND ord = @order AND status = 'Waiting'
            """;
        var rows = await s.Connection.ExecuteAsync(s.Command(sql, new { requestId, order, now = s.Now }));
        return await AfterStageChangeAsync(rows, requestId, order, StageStatus.Waiting, entry);
    }

    public async Task<ApprovalStage> RecordReminderAsync(Guid requestId, int order, int expectedRemindersSent, AuditEntry entry)
    {
        // The count read before is part of the guard: two instances that both decided to remind cannot both count it
        // (on PostgreSQL the second re-checks the WHERE after the first commits, and finds the count moved).
        await s.LockAsync(SqlAuditLog.HeadLock);
        const string sql = """
            UPDATE approval_stages SET reminders_sent = reminders_sent + 1
            WHERE request_id = @requestId AND ord = @order AND status = 'Pending' AND reminders_sent = @expectedRemindersSent
            """;
        var rows = await s.Connection.ExecuteAsync(s.Command(sql, new { requestId, order, expectedRemindersSent }));
        if (rows != 1 && await GetStageAsync(requestId, order) is { Status: StageStatus.Pending } stage)
            throw new ConflictException($"Stage {order} of request {requestId} has had {stage.RemindersSent} reminders, not {expectedRemindersSent}: another instance reminded first.");
        return await AfterStageChangeAsync(rows, requestId, order, StageStatus.Pending, entry);
    }

    public async Task<ApprovalStage> EscalateStageAsync(Guid requestId, int order, IReadOnlyList<string> approvers, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(approvers);
        if (approvers.Count == 0 || approvers.Any(string.IsNullOrWhiteSpace))
            throw new InvalidInputException("An escalated stage needs at least one approver.");
        // The new approvers get their own reminder and timeout, counted from now. Once per stage: escalated = 0 is part
        // of the guard, so two instances that both found the stage overdue escalate it once.
        await s.LockAsync(SqlAuditLog.HeadLock);
        const string sql = """
            UPDATE approval_stages
            SET approvers = @approvers, escalated = 1, activated_at = @now, reminders_sent = 0
            WHERE request_id = @requestId AND ord = @order AND status = 'Pending' AND escalated = 0
            """;
        var rows = await s.Connection.ExecuteAsync(s.Command(sql, new { requestId, order, approvers = ApproversJson(approvers), now = s.Now }));
        if (rows != 1 && await GetStageAsync(requestId, order) is { Status: StageStatus.Pending, Escalated: true })
            throw new ConflictException($"Stage {order} of request {requestId} was already escalated: another instance escalated first.");
        return await AfterStageChangeAsync(rows, requestId, order, StageStatus.Pending, entry);
    }

    public async Task<bool> RecordDeliveryAsync(Guid requestId, int order, string approver, bool escalated)
    {
        if (string.IsNullOrWhiteSpace(approver)) throw new InvalidInputException("A delivery needs the approver it went to.");
        const string sql = """
            INSERT INTO approval_deliveries (request_id, ord, approver, delivered_at, escalated)
            VALUES (@requestId, @order, @approver, @now, @escalated)
            ON CONFLICT (request_id, ord, approver) DO NOTHING
            """;
        var rows = await s.Connection.ExecuteAsync(s.Command(sql, new
        {
            requestId,
            order,
            approver = PersonKey.Of(approver),
            now = s.Now,
            escalated = escalated ? 1 : 0,
        }));
        return rows == 1;
    }

    public async Task<ApprovalStage> ReassignStageAsync(Guid requestId, int order, IReadOnlyList<string> expected, IReadOnlyList<string> approvers, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(approvers);
        ArgumentNullException.ThrowIfNull(entry);
        if (approvers.Count == 0 || approvers.Any(string.IsNullOrWhiteSpace))
            throw new InvalidInputException("A stage needs at least one approver.");
        // The approvers read before are part of the guard: two deliveries of the same leaver re-route it once.
        await s.LockAsync(SqlAuditLog.HeadLock);
        const string sql = """
            UPDATE approval_stages SET approvers = @approvers
            WHERE request_id = @requestId AND ord = @order AND status IN ('Waiting', 'Pending') AND approvers = @expected
            """;
        var rows = await s.Connection.ExecuteAsync(s.Command(sql, new
        {
            requestId, order, approvers = ApproversJson(approvers), expected = ApproversJson(expected),
        }));
        var stage = await GetStageAsync(requestId, order) ?? throw new InvalidInputException($"Request {requestId} has no approval stage {order}.");
        if (rows != 1)
            throw new ConflictException($"Stage {order} of request {requestId} is {stage.Status} with other approvers: it was changed by someone else first.");
        await audit.AppendAsync(entry);
        return stage;
    }

    public async Task<int> ExpireOpenStagesAsync(Guid requestId)
    {
        const string sql = """
            UPDATE approval_stages SET status = 'Expired'
            WHERE request_id = @requestId AND status IN ('Waiting', 'Pending')
            """;
        return await s.Connection.ExecuteAsync(s.Command(sql, new { requestId }));
    }

    private async Task<ApprovalStage> AfterStageChangeAsync(int rows, Guid requestId, int order, StageStatus expected, AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var stage = await GetStageAsync(requestId, order);
        if (rows != 1)
        {
            if (stage is null) throw new InvalidInputException($"Request {requestId} has no approval stage {order}.");
            throw new ConflictException($"Stage {order} of request {requestId} is {stage.Status}, not {expected}: it was changed by someone else first.");
        }
        await audit.AppendAsync(entry);
        return stage!;
    }

    private async Task<ApprovalStage?> GetStageAsync(Guid requestId, int order)
    {
        const string sql = $"""SELECT {StageColumns} FROM approval_stages WHERE request_id = @requestId AND ord = @order""";
        var row = await s.Connection.QuerySingleOrDefaultAsync<StageRow>(s.Command(sql, new { requestId, order }));
        return row?.ToStage();
    }

    private static string ApproversJson(IReadOnlyList<string> approvers) =>
        JsonSerializer.Serialize(approvers.Select(PersonKey.Of));

    private sealed class StageRow
    {
        public Guid RequestId { get; set; }
        public int Ord { get; set; }
        public string Step { get; set; } = "";
        public string Approvers { get; set; } = "[]";
        public StageStatus Status { get; set; }
        public DateTimeOffset? ActivatedAt { get; set; }
        public string? DecidedBy { get; set; }
        public DateTimeOffset? DecidedAt { get; set; }
        public string? Reason { get; set; }
        public TimeSpan? ApprovedDuration { get; set; }
        public int RemindersSent { get; set; }
        public long Escalated { get; set; }

        public ApprovalStage ToStage() => new()
        {
            RequestId = RequestId,
            Order = Ord,
            Step = Step,
            Approvers = JsonSerializer.Deserialize<string[]>(Approvers) ?? [],
            Status = Status,
            ActivatedAt = ActivatedAt,
            DecidedBy = DecidedBy,
            DecidedAt = DecidedAt,
            Reason = Reason,
            ApprovedDuration = ApprovedDuration,
            RemindersSent = RemindersSent,
            Escalated = Escalated != 0,
        };
    }
}
