using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using IgaBot.Core;
using IgaBot.Core.Audit;
using IgaBot.Core.Budgets;
using IgaBot.Core.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IgaBot.Adapters.RateLimits;

/// <summary>
/// <see cref="ITurnBudget"/> over ASP.NET Core's rate limiting (<see cref="PartitionedRateLimiter"/> from
/// System.Threading.RateLimiting, a fixed window per person and kind), and, when <c>RateLimits:Shared</c> is on,
/// a counter per person, kind and aligned window in the application database, so instances sharing the database
/// share one budget. The in-process limiter answers first: a flood is refused without touching the database.
/// The first refusal of a person's window is written to the audit log (action <c>ratelimit.refused</c>, subject
/// <c>person:EMAIL</c>) once, whatever the number of refused requests or instances.
/// </summary>
public sealed partial class PersonRateLimiter : ITurnBudget, IDisposable
{
    public const string RefusedAction = "ratelimit.refused";

    private readonly RateLimitOptions _options;
    private readonly PartitionedRateLimiter<(BudgetKind Kind, string Person)> _local;
    private readonly SqlRateLimitWindows? _shared;
    private readonly IIgaStore? _store;
    private readonly TimeProvider _clock;
    private readonly ILogger<PersonRateLimiter> _logger;
    // The aligned window in which this instance last noted a refusal, per budget: spares the database a flood's worth of notes.
    private readonly ConcurrentDictionary<(BudgetKind Kind, string Person), DateTimeOffset> _noted = new();

    public PersonRateLimiter(IOptions<RateLimitOptions> options, TimeProvider clock, ILogger<PersonRateLimiter> logger,
        SqlRateLimitWindows? shared = null, IIgaStore? store = null)
    {
        _options = options.Value;
        _clock = clock;
        _logger = logger;
        _shared = _options.Shared ? shared : null;
        _store = store;
        _local = PartitionedRateLimiter.Create<(BudgetKind Kind, string Person), (BudgetKind, string)>(key =>
        {
            var budget = _options.For(key.Kind);
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = budget.Limit,
                Window = budget.Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
        });
    }

    public async ValueTask<BudgetVerdict> TryTakeAsync(BudgetKind kind, string personEmail, CancellationToken ct)
    {
        var budget = _options.For(kind);
        if (!_options.Enabled || budget.Limit == 0) return BudgetVerdict.Granted;
        var person = (personEmail ?? "").Trim().ToLowerInvariant();
        var now = _clock.GetUtcNow();
        var windowStart = WindowStart(now, budget.Window);

        using (var lease = _local.AttemptAcquire((kind, person)))
        {
            if (!lease.IsAcquired)
            {
                var retry = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : windowStart + budget.Window - now;
                return await RefuseAsync(kind, person, budget, windowStart, retry, ct);
            }
        }
        if (_shared is not null)
        {
            if (!await _shared.TryTakeAsync(Key(kind, person), windowStart, budget.Limit, ct))
                return await RefuseAsync(kind, person, budget, windowStart, windowStart + budget.Window - now, ct);
            await _shared.PruneAsync(now, now - TimeSpan.FromDays(1) - budget.Window, ct);
        }
        return BudgetVerdict.Granted;
    }

    private async Task<BudgetVerdict> RefuseAsync(BudgetKind kind, string person, BudgetOptions budget, DateTimeOffset windowStart,
        TimeSpan retryAfter, CancellationToken ct)
    {
        if (await FirstRefusalOfWindowAsync(kind, person, windowStart, ct))
        {
            LogRefused(kind, person, budget.Limit, budget.Window);
            var detail = $"{RateLimitOptions.NameOf(kind)}: more than {budget.Limit} in {budget.Window} (RateLimits:{RateLimitOptions.NameOf(kind)}); " +
                $"refused until about {windowStart + budget.Window:u}. Further refusals in this window are not recorded.";
            try
            {
                if (_store is not null)
                    await _store.RunAsync(s => s.Audit.AppendAsync(new AuditEntry(person, RefusedAction, LifecycleSubjects.Person(person), detail)), ct);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The refusal holds either way; only its note is lost, and that is said.
                LogNotAudited(e, kind, person);
            }
        }
        return BudgetVerdict.Refused(retryAfter);
    }

    private async Task<bool> FirstRefusalOfWindowAsync(BudgetKind kind, string person, DateTimeOffset windowStart, CancellationToken ct)
    {
        var key = (kind, person);
        while (true)
        {
            if (_noted.TryGetValue(key, out var last))
            {
                if (last >= windowStart) return false;
                if (_noted.TryUpdate(key, windowStart, last)) break;
            }
            else if (_noted.TryAdd(key, windowStart))
            {
                break;
            }
        }
        if (_noted.Count > 10_000)
        {
            foreach (var (k, at) in _noted)
                if (at < windowStart - TimeSpan.FromDays(1)) _noted.TryRemove(k, out _);
        }
        return _shared is null || await _shared.TryNoteRefusalAsync(Key(kind, person), windowStart, ct);
    }

    /// <summary>Windows aligned to whole multiples of their length since the Unix epoch, the same on every instance.</summary>
    internal static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan window)
    {
        var ticks = (now.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / window.Ticks * window.Ticks;
        return DateTimeOffset.UnixEpoch.AddTicks(ticks);
    }

    private static string Key(BudgetKind kind, string person) => $"{RateLimitOptions.NameOf(kind)}|{person}";

    public void Dispose() => _local.Dispose();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rate limit: {Kind} budget of {Person} spent ({Limit} per {Window}); refusing until the window ends")]
    private partial void LogRefused(BudgetKind kind, string person, int limit, TimeSpan window);

    [LoggerMessage(Level = LogLevel.Error, Message = "Rate limit: the refusal of {Person}'s {Kind} budget could not be written to the audit log")]
    private partial void LogNotAudited(Exception e, BudgetKind kind, string person);
}
