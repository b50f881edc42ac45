using System.Collections.Concurrent;
using IgaBot.Core.Provisioning;

namespace IgaBot.Adapters.Tests.Lifecycle;

/// <summary>
/// An in-memory target system with settable behaviour: memberships per group, a count of calls, and a queue
/// of scripted answers (or exceptions) that the next calls return instead of doing the work.
/// </summary>
internal sealed class FakeConnector(string name) : IConnector
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, bool>> _groups = new(StringComparer.OrdinalIgnoreCase);
    private int _grants;
    private int _revokes;
    private int _lists;

    public string Name { get; } = name;
    public string Type => ConnectorTypes.Scim;
    public bool CanListMembers => true;

    public int GrantCalls => _grants;
    public int RevokeCalls => _revokes;
    public int ListCalls => _lists;

    /// <summary>Answers for the next calls, in order; when empty the call does its work and answers Done.</summary>
    public ConcurrentQueue<Func<ConnectorResult>> Script { get; } = new();

    /// <summary>When set, every revoke answers this (after counting the call) instead of removing.</summary>
    public Func<ConnectorResult>? RevokeAlways { get; set; }

    /// <summary>Member listings per group (the reconciler reads each group once per run).</summary>
    public ConcurrentDictionary<string, int> ListsByGroup { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Revokes per person and group, to prove a revoke reached the target exactly once.</summary>
    public ConcurrentDictionary<string, int> RevokesByMember { get; } = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Members(string group) =>
        _groups.TryGetValue(group, out var members) ? [.. members.Keys] : [];

    public void Add(string group, string person) => _groups.GetOrAdd(group, _ => new(StringComparer.OrdinalIgnoreCase))[person] = true;
    public void Remove(string group, string person)
    {
        if (_groups.TryGetValue(group, out var members)) members.TryRemove(person, out _);
    }

    public Task<ConnectorResult> GrantAsync(ProvisioningTarget target, CancellationToken ct)
    {
        Interlocked.Increment(ref _grants);
        if (Script.TryDequeue(out var scripted)) return Task.FromResult(scripted());
        Add(target.Group!, target.PersonEmail);
        return Task.FromResult(ConnectorResult.Done(target.Group));
    }

    /// <summary>When set, every revoke call waits for this first (a slow target, or one that hangs until cancelled).</summary>
    public Func<CancellationToken, Task>? BeforeRevoke { get; set; }

    public async Task<ConnectorResult> RevokeAsync(ProvisioningTarget target, CancellationToken ct)
    {
        if (BeforeRevoke is { } wait) await wait(ct);
        return Revoke(target);
    }

    private ConnectorResult Revoke(ProvisioningTarget target)
    {
        Interlocked.Increment(ref _revokes);
        if (RevokeAlways is { } always) return always();
        if (Script.TryDequeue(out var scripted)) return scripted();
        var absent = !Members(target.Group!).Contains(target.PersonEmail, StringComparer.OrdinalIgnoreCase);
        Remove(target.Group!, target.PersonEmail);
        RevokesByMember.AddOrUpdate($"{target.Group}|{target.PersonEmail}", 1, (_, n) => n + 1);
        return absent ? ConnectorResult.AlreadyDone(target.Group) : ConnectorResult.Done(target.Group);
    }

    public Task<IReadOnlyList<string>> ListMembersAsync(string group, CancellationToken ct)
    {
        Interlocked.Increment(ref _lists);
        ListsByGroup.AddOrUpdate(group, 1, (_, n) => n + 1);
        return Task.FromResult<IReadOnlyList<string>>([.. Members(group)]);
    }
}
