using System.Text.Json;
using Dapper;
using IgaBot.Adapters.Storage;
using IgaBot.Core.People;

namespace IgaBot.Adapters.Lifecycle;

/// <summary>
/// Movers' reviews in <c>mover_reviews</c> and <c>mover_review_items</c> (migration 0065). Each call is its own short
/// transaction; answers and closing are guarded updates (<c>decision IS NULL</c>, <c>closed_at IS NULL</c>), so a double
/// click or two nodes running the due sweep count once.
/// </summary>
public sealed class SqlMoverReviewStore : IMoverReviewStore
{
    private readonly StorageDatabase _database;

    public SqlMoverReviewStore(StorageDatabase database)
    {
        _database = database;
        DapperTypeHandlers.Register();
    }

    public async Task<bool> AddAsync(MoverReview review, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(review);
        const string insertReview = """
            INSERT INTO mover_reviews (id, person, reviewer, change_key, change_text, created_at, due_at, closed_at)
            VALUES (@Id, @Person, @Reviewer, @ChangeKey, @ChangeText, @CreatedAt, @DueAt, @ClosedAt)
            ON CONFLICT (person, change_key) DO NOTHING
            """;
        const string insertItem = """
            INSERT INTO mover_review_items (review_id, grant_id, entitlement_id, scope, ineligible, old_manager, why)
            VALUES (@ReviewId, @GrantId, @EntitlementId, @Scope, @Ineligible, @OldManager, @Why)
            """;
        await using var connection = await _database.OpenAsync(ct);
        await using var tx = await _database.BeginAsync(connection, ct);
        var added = await connection.ExecuteAsync(new CommandDefinition(insertReview, new
        {
            review.Id,
            Person = PersonKey.Of(review.Person),
            Reviewer = PersonKey.Of(review.Reviewer),
            review.ChangeKey,
            review.ChangeText,
            review.CreatedAt,
            review.DueAt,
            review.ClosedAt,
        }, tx, cancellationToken: ct));
        if (added == 1)
        {
            foreach (var item in review.Items)
            {
                await connection.ExecuteAsync(new CommandDefinition(insertItem, new
                {
                    ReviewId = review.Id,
                    item.GrantId,
                    item.EntitlementId,
                    item.Scope,
                    Ineligible = item.Ineligible ? 1 : 0,
                    OldManager = item.ApprovedByOldManager ? 1 : 0,
                    item.Why,
                }, tx, cancellationToken: ct));
            }
        }
        await tx.CommitAsync(ct);
        return added == 1;
    }

    public async Task<MoverReview?> GetAsync(Guid id, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns} FROM mover_reviews WHERE id = @id";
        var found = await ReadAsync(sql, new { id }, ct);
        return found.Count == 0 ? null : found[0];
    }

    public Task<IReadOnlyList<MoverReview>> ListForPersonAsync(string person, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns} FROM mover_reviews WHERE person = @person ORDER BY created_at DESC, id";
        return ReadAsync(sql, new { person = PersonKey.Of(person) }, ct);
    }

    public Task<IReadOnlyList<MoverReview>> ListDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        const string sql = $"SELECT {Columns} FROM mover_reviews WHERE closed_at IS NULL AND due_at <= @now ORDER BY due_at, id";
        return ReadAsync(sql, new { now }, ct);
    }

    public async Task<bool> DecideAsync(Guid reviewId, Guid grantId, ReviewDecision decision, DateTimeOffset? keepUntil, string decidedBy,
        DateTimeOffset at, CancellationToken ct)
    {
        const string sql = """
            UPDATE mover_review_items SET decision = @decision, keep_until = @keepUntil, decided_by = @decidedBy, decided_at = @at
            WHERE review_id = @reviewId AND grant_id = @grantId AND decision IS NULL
            """;
        return await _database.ExecuteWriteAsync(sql, new { reviewId, grantId, decision = decision.ToString(), keepUntil, decidedBy = PersonKey.Of(decidedBy), at }, ct) == 1;
    }

    public async Task<bool> CloseAsync(Guid id, DateTimeOffset at, CancellationToken ct)
    {
        const string sql = "UPDATE mover_reviews SET closed_at = @at WHERE id = @id AND closed_at IS NULL";
        return await _database.ExecuteWriteAsync(sql, new { id, at }, ct) == 1;
    }

    private const string Columns = "id, person, reviewer, change_key, change_text, created_at, due_at, closed_at";

    private async Task<IReadOnlyList<MoverReview>> ReadAsync(string sql, object args, CancellationToken ct)
    {
        const string items = """
            SELECT review_id, grant_id, entitlement_id, scope, ineligible, old_manager, why, decision, keep_until, decided_by, decided_at
            FROM mover_review_items WHERE review_id = @id ORDER BY entitlement_id, grant_id
            """;
        await using var connection = await _database.OpenAsync(ct);
        var reviews = (await connection.QueryAsync<ReviewRow>(new CommandDefinition(sql, args, cancellationToken: ct))).AsList();
        var result = new List<MoverReview>(reviews.Count);
        foreach (var r in reviews)
        {
            var rows = await connection.QueryAsync<ItemRow>(new CommandDefinition(items, new { id = r.Id }, cancellationToken: ct));
            result.Add(new MoverReview
            {
                Id = r.Id,
                Person = r.Person,
                Reviewer = r.Reviewer,
                ChangeKey = r.ChangeKey,
                ChangeText = r.ChangeText,
                CreatedAt = r.CreatedAt,
                DueAt = r.DueAt,
                ClosedAt = r.ClosedAt,
                Items = [.. rows.Select(i => i.ToItem())],
            });
        }
        return result;
    }

    private sealed class ReviewRow
    {
        public Guid Id { get; set; }
        public string Person { get; set; } = "";
        public string Reviewer { get; set; } = "";
        public string ChangeKey { get; set; } = "";
        public string ChangeText { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }
        public DateTimeOffset DueAt { get; set; }
        public DateTimeOffset? ClosedAt { get; set; }
    }

    private sealed class ItemRow
    {
        public Guid GrantId { get; set; }
        public string EntitlementId { get; set; } = "";
        public string? Scope { get; set; }
        public long Ineligible { get; set; }
        public long OldManager { get; set; }
        public string Why { get; set; } = "";
        public string? Decision { get; set; }
        public DateTimeOffset? KeepUntil { get; set; }
        public string? DecidedBy { get; set; }
        public DateTimeOffset? DecidedAt { get; set; }

        public MoverReviewItem ToItem() => new()
        {
            GrantId = GrantId,
            EntitlementId = EntitlementId,
            Scope = Scope,
            Ineligible = Ineligible != 0,
            ApprovedByOldManager = OldManager != 0,
            Why = Why,
            Decision = Decision is null ? null : Enum.Parse<ReviewDecision>(Decision),
            KeepUntil = KeepUntil,
            DecidedBy = DecidedBy,
            DecidedAt = DecidedAt,
        };
    }
}

/// <summary>Joiners welcomed, in <c>joiner_welcomes</c>; the primary key makes each welcome go out once.</summary>
public sealed class SqlJoinerWelcomeLedger : IJoinerWelcomeLedger
{
    private readonly StorageDatabase _database;

    public SqlJoinerWelcomeLedger(StorageDatabase database)
    {
        _database = database;
        DapperTypeHandlers.Register();
    }

    public async Task<bool> TryRecordAsync(string person, DateTimeOffset at, IReadOnlyList<string> suggestions, CancellationToken ct)
    {
        const string sql = """
            INSERT INTO joiner_welcomes (person, welcomed_at, suggestions) VALUES (@person, @at, @suggestions)
            ON CONFLICT DO NOTHING
            """;
        return await _database.ExecuteWriteAsync(sql,
            new { person = PersonKey.Of(person), at, suggestions = JsonSerializer.Serialize(suggestions) }, ct) == 1;
    }
}
