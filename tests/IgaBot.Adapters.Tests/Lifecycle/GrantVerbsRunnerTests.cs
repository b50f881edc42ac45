using IgaBot.Adapters.Lifecycle;
using IgaBot.Core;
using IgaBot.Core.Grants;
using static IgaBot.Adapters.Tests.Lifecycle.TestTenant;

namespace IgaBot.Adapters.Tests.Lifecycle;

public sealed class GrantVerbsRunnerTests
{
    private LifecycleHarness _h = null!;
    private StringWriter _out = null!;
    private StringWriter _err = null!;

    [SetUp]
    public async Task SetUp()
    {
        _h = await LifecycleHarness.CreateAsync();
        _out = new StringWriter();
        _err = new StringWriter();
    }

    [TearDown]
    public async Task TearDown() => await _h.DisposeAsync();

    [Test]
    public async Task GrantsList_ShowsAnAlignedTable_AndFiltersByExpiry()
    {
        await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromMinutes(30));
        await _h.GrantAsync(Bob, AwsRead, TimeSpan.FromDays(2));

        var code = await GrantVerbsRunner.ListGrantsAsync(_h.Services, _out, _err, null, "PT1H", default);

        Assert.That(code, Is.Zero);
        var lines = _out.ToString().TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        Assert.That(lines[0], Does.StartWith("ID").And.Contain("PERSON").And.Contain("EXPIRES"));
        Assert.That(lines[1], Does.Contain(Alice).And.Contain("AWS Prod Read-only").And.Contain("(in 30 minutes)"));
        Assert.That(lines[1].IndexOf(Alice, StringComparison.Ordinal), Is.EqualTo(lines[0].IndexOf("PERSON", StringComparison.Ordinal)));
        Assert.That(lines[^1], Is.EqualTo("1 grant"));
    }

    [Test]
    public async Task GrantsList_ForAPerson_IncludesEndedGrants()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromHours(1));
        await _h.Grants.ReleaseAsync(grant.Id, Alice, default);
        await _h.Provisioner.RunDueAsync(default);

        await GrantVerbsRunner.ListGrantsAsync(_h.Services, _out, _err, Alice, null, default);

        Assert.That(_out.ToString(), Does.Contain("Revoked").And.Contain("1 grant"));
    }

    [Test]
    public async Task GrantsList_WithABadDuration_SaysWhatToWrite()
    {
        var code = await GrantVerbsRunner.ListGrantsAsync(_h.Services, _out, _err, null, "an hour", default);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(_err.ToString(), Does.Contain("PT1H"));
    }

    [Test]
    public async Task RequestsList_ByStatus()
    {
        await _h.SubmitAsync(Alice, AwsRead, TimeSpan.FromDays(1), [Nina]);

        var code = await GrantVerbsRunner.ListRequestsAsync(_h.Services, _out, _err, "pending_approval", default);

        Assert.That(code, Is.Zero);
        Assert.That(_out.ToString(), Does.Contain(Alice).And.Contain("PendingApproval").And.Contain("P1D").And.Contain("1 request"));
        Assert.That(await GrantVerbsRunner.ListRequestsAsync(_h.Services, _out, _err, "waiting", default), Is.EqualTo(2));
    }

    [Test]
    public async Task Revoke_ByAnAdmin_EndsTheGrantAndIsAudited()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));

        var code = await GrantVerbsRunner.RevokeAsync(_h.Services, _out, _err, grant.Id.ToString(), "left the project", "cli:admin", default);

        Assert.That(code, Is.Zero, _err.ToString());
        Assert.That(_out.ToString(), Does.Contain("revoked"));
        var ended = await _h.GrantByIdAsync(grant.Id);
        Assert.That(ended!.Status, Is.EqualTo(GrantStatus.Revoked));
        Assert.That(ended.EndReason, Is.EqualTo("left the project"));
        var audit = await _h.AuditAsync(LifecycleSubjects.Grant(grant.Id));
        Assert.That(audit.Single(e => e.Action == "grant.revoking").Actor, Is.EqualTo("cli:admin"));
    }

    [Test]
    public async Task Revoke_WithoutAReason_ChangesNothing()
    {
        var grant = await _h.GrantAsync(Alice, AwsRead, TimeSpan.FromDays(1));

        var code = await GrantVerbsRunner.RevokeAsync(_h.Services, _out, _err, grant.Id.ToString(), " ", "cli:admin", default);

        Assert.That(code, Is.EqualTo(2));
        Assert.That((await _h.GrantByIdAsync(grant.Id))!.Status, Is.EqualTo(GrantStatus.Active));
    }
}
