using System.Text.Json;
using IgaBot.Core.Provisioning;

namespace IgaBot.Adapters.Tests.Connectors;

/// <summary>
/// SCIM answers that the scimmy server does not give (noTarget, 5xx, 403), from a scripted stand-in.
/// </summary>
public sealed class ScimConnectorErrorTests
{
    private const string Token = "scripted-scim-token";
    private const string UserId = "u-alice";
    private const string GroupId = "g-readonly";

    private static ProvisioningTarget Alice => new("alice.chen@contoso.com", "salesforce-read", null, "SF-ReadOnly");

    [Test]
    public async Task Revoke_AnsweredNoTarget_IsDoneWhenTheGroupDoesNotListThePerson()
    {
        var result = await RevokeAgainstAsync(patchReply: Error(400, "noTarget", "No member matched the filter"), membersAfter: ["u-bob"]);

        Assert.That(result.IsDone && result.Unchanged, result.ToString());
    }

    [Test]
    public async Task Revoke_AnsweredNoTarget_IsPermanentWhenTheGroupStillListsThePerson()
    {
        var result = await RevokeAgainstAsync(patchReply: Error(400, "noTarget", "No member matched the filter"), membersAfter: [UserId]);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("noTarget").And.Contain("still lists"));
    }

    [Test]
    public async Task Revoke_AnsweredByAServerError_IsTransient()
    {
        var result = await RevokeAgainstAsync(patchReply: Error(503, null, "Maintenance"), membersAfter: []);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient));
        Assert.That(result.Message, Does.Contain("503").And.Contain("Maintenance"));
    }

    [Test]
    public async Task Revoke_Forbidden_IsPermanentWithTheServersDetail()
    {
        var result = await RevokeAgainstAsync(patchReply: Error(403, null, "Group is managed by a rule"), membersAfter: []);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("403").And.Contain("Group is managed by a rule"));
    }

    [Test]
    public async Task Revoke_SendsARemoveThatNamesTheMember()
    {
        RecordedRequest? patch = null;
        await RevokeAgainstAsync(patchReply: FakeReply.NoContent, membersAfter: [], onPatch: r => patch = r);

        using var body = JsonDocument.Parse(patch!.Body);
        var operation = body.RootElement.GetProperty("Operations")[0];
        Assert.That(operation.GetProperty("op").GetString(), Is.EqualTo("remove"));
        Assert.That(operation.GetProperty("path").GetString(), Is.EqualTo($"members[value eq \"{UserId}\"]"));
    }

    [Test]
    public async Task Grant_WhenTheServerCannotBeReached_IsTransient()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        using var services = new ConnectorServices(ConnectorServices.Instance("scim", "scim", new Uri("http://127.0.0.1:1/scim/v2"), Token));

        var result = await services.Registry.ForName("scim").GrantAsync(Alice, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Transient));
        Assert.That(result.Message, Does.Contain("could not be reached"));
    }

    [Test]
    public async Task Grant_ForAnEntitlementWithoutATargetGroup_IsPermanentAndSendsNothing()
    {
        await using var server = await FakeApiServer.StartAsync(_ => FakeReply.NoContent);
        using var services = new ConnectorServices(ConnectorServices.Instance("scim", "scim", new Uri(server.Root, "scim/v2"), Token));

        var result = await services.Registry.ForName("scim").GrantAsync(Alice with { Group = null }, CancellationToken.None);

        Assert.That(result.Outcome, Is.EqualTo(ConnectorOutcome.Permanent));
        Assert.That(result.Message, Does.Contain("target.group"));
        Assert.That(server.Requests, Is.Empty);
    }

    private static async Task<ConnectorResult> RevokeAgainstAsync(FakeReply patchReply, string[] membersAfter, Action<RecordedRequest>? onPatch = null)
    {
        await using var server = await FakeApiServer.StartAsync(request => (request.Method, request.Path) switch
        {
            ("GET", "/scim/v2/Users") => ListOf(UserId),
            ("GET", "/scim/v2/Groups") => ListOf(GroupId),
            ("GET", $"/scim/v2/Groups/{GroupId}") => new FakeReply(200, JsonSerializer.Serialize(new
            {
                id = GroupId,
                members = membersAfter.Select(value => new { value }),
            })),
            ("PATCH", $"/scim/v2/Groups/{GroupId}") => Patched(request, patchReply, onPatch),
            _ => Error(400, "invalidPath", $"unexpected {request.Method} {request.Path}"),
        });
        using var services = new ConnectorServices(ConnectorServices.Instance("scim", "scim", new Uri(server.Root, "scim/v2"), Token));
        return await services.Registry.ForName("scim").RevokeAsync(Alice, CancellationToken.None);
    }

    private static FakeReply Patched(RecordedRequest request, FakeReply reply, Action<RecordedRequest>? onPatch)
    {
        onPatch?.Invoke(request);
        return reply;
    }

    private static FakeReply ListOf(string id) => new(200, JsonSerializer.Serialize(new
    {
        schemas = new[] { "urn:ietf:params:scim:api:messages:2.0:ListResponse" },
        totalResults = 1,
        Resources = new[] { new { id } },
    }));

    private static FakeReply Error(int status, string? scimType, string detail) => new(status, JsonSerializer.Serialize(new
    {
        schemas = new[] { "urn:ietf:params:scim:api:messages:2.0:Error" },
        status = status.ToString(),
        scimType,
        detail,
    }));
}
