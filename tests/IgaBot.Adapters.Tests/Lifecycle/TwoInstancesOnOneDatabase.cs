using Dapper;
using IgaBot.Adapters.Storage;
using IgaBot.Adapters.Tests.Storage;
using IgaBot.Core.Approvals;
using IgaBot.Core.Provisioning;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>
/// Two instances on one database (SQLite file or PostgreSQL schema), as the notice-outbox tests need them: instance A's
/// notifier can be armed to "die" on a notice of one kind, before or after passing it on (like a killed process it then
/// writes nothing more, not even a lease renewal, since its clock stands still); instance B is healthy.
/// </summary>
public abstract class TwoInstancesOnOneDatabase(DatabaseProvider provider)
{
    private protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private protected TestDatabase Db { get; private set; } = null!;
    private protected LifecycleHarness A { get; private set; } = null!;
    private protected LifecycleHarness B { get; private set; } = null!;
    private protected DyingNotifier Dying { get; private set; } = null!;

    [SetUp]
    public async Task StartInstances()
    {
        Db = await TestDatabase.CreateAsync(provider, migrate: false);
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = provider.ToString(),
            ["Database:ConnectionString"] = Db.Options.ConnectionString,
            ["Provisioning:Lease"] = Lease.ToString("c"),
        };
        Dying = new DyingNotifier();
        A = await LifecycleHarness.CreateAsync(settings,
            configure: s => s.AddSingleton<INotifier>(sp => Dying.Wrapping(sp.GetRequiredService<RecordingNotifier>())));
        B = await LifecycleHarness.CreateAsync(settings);
    }

    [TearDown]
    public async Task StopInstances()
    {
        // The "dead" instance's last call ends now (it finds its notice done by the other instance and changes nothing).
        Dying?.Release();
        if (Dying?.Running is { } running) await running.WaitAsync(TimeSpan.FromSeconds(10));
        if (A is not null) await A.DisposeAsync();
        if (B is not null) await B.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (Db is not null) await Db.DisposeAsync();
    }

    /// <summary>Notices of <paramref name="kind"/> either instance passed on to the channel.</summary>
    private protected List<LifecycleNotice> Told(LifecycleKind kind) =>
        [.. A.Notifier.Notices.Concat(B.Notifier.Notices).Where(n => n.Kind == kind)];

    /// <summary>Notices in the outbox not done yet (due, held by a claim, or given up).</summary>
    private protected async Task<int> PendingNoticesAsync()
    {
        await using var connection = await Db.Database.OpenAsync(default);
        return await connection.ExecuteScalarAsync<int>(
            "SELECT COUNT(*) FROM outbox_messages WHERE kind = @kind AND status <> 'Done'", new { kind = NoticeOutbox.Kind });
    }

    /// <summary>
    /// The notifier of an instance that dies on the first notice of the armed kind, before or after passing it on: the
    /// call never returns until the test ends. Can also fail the next notice of a kind once (a channel error), to be retried.
    /// </summary>
    private protected sealed class DyingNotifier
    {
        public enum Death { BeforeSending, AfterSending }

        private readonly TaskCompletionSource _died = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _release = new();
        private (LifecycleKind Kind, Death Death)? _armed;
        private LifecycleKind? _failNext;

        public Task Died => _died.Task;
        public Task? Running { get; set; }

        public void Arm(LifecycleKind kind, Death death = Death.BeforeSending) => _armed = (kind, death);

        public void FailNext(LifecycleKind kind) => _failNext = kind;

        public void Release() => _release.Cancel();

        public INotifier Wrapping(RecordingNotifier inner) => new Notifier(this, inner);

        private sealed class Notifier(DyingNotifier owner, RecordingNotifier inner) : INotifier
        {
            public Task<bool> SendApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct) => inner.SendApprovalAsync(approverEmail, view, ct);
            public Task<bool> RemindApprovalAsync(string approverEmail, ApprovalView view, CancellationToken ct) => inner.RemindApprovalAsync(approverEmail, view, ct);
            public Task UpdateApprovalAsync(ApprovalView view, CancellationToken ct) => inner.UpdateApprovalAsync(view, ct);
            public Task<bool> SendManualTaskAsync(ManualTaskView task, CancellationToken ct) => inner.SendManualTaskAsync(task, ct);

            public async Task<bool> NotifyAsync(LifecycleNotice notice, CancellationToken ct)
            {
                if (owner._failNext == notice.Kind)
                {
                    owner._failNext = null;
                    throw new HttpRequestException("the channel is down");
                }
                if (owner._armed is not { } armed || armed.Kind != notice.Kind) return await inner.NotifyAsync(notice, ct);
                if (armed.Death == Death.AfterSending) await inner.NotifyAsync(notice, ct);
                owner._died.TrySetResult();
                await Task.Delay(Timeout.Infinite, owner._release.Token);
                throw new InvalidOperationException("unreachable");
            }
        }
    }
}
