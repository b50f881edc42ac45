using System.Text.Json;
using System.Text.Json.Serialization;

namespace IgaBot.Adapters.Connectors;

/// <summary>
/// The only SCIM PATCH bodies the connector sends: add one member, remove one member. A remove always
/// carries the member filter: <c>{"op":"remove","path":"members"}</c> without it would empty the whole
/// group, so there is no way to build it here.
/// </summary>
internal sealed class ScimMembershipPatch
{
    public const string PatchOpSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private ScimMembershipPatch(Operation operation) => Single = operation;

    /// <summary>The one operation of this patch.</summary>
    public Operation Single { get; }

    /// <summary><c>{"op":"add","path":"members","value":[{"value":"userId"}]}</c>.</summary>
    public static ScimMembershipPatch AddMember(string userId) =>
        new(new Operation("add", "members", [new MemberValue(CheckId(userId))]));

    /// <summary><c>{"op":"remove","path":"members[value eq \"userId\"]"}</c>: exactly this member.</summary>
    public static ScimMembershipPatch RemoveMember(string userId) =>
        new(new Operation("remove", $"members[value eq {FilterString(CheckId(userId))}]", null));

    /// <summary>A SCIM filter string literal: the value in double quotes with <c>\</c> and <c>"</c> escaped (RFC 7644 3.4.2.2).</summary>
    public static string FilterString(string value) =>
        "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    public string ToJson() => JsonSerializer.Serialize(new Body([PatchOpSchema], [Single]), ConnectorHttp.Json);

    private static string CheckId(string userId)
    {
        if (string.IsNullOrWhiteSpace(userId))
        {
            throw new ArgumentException("A SCIM membership change needs the user's id; without it a remove would hit every member.", nameof(userId));
        }

        if (userId.Any(char.IsControl))
        {
            throw new ArgumentException("A SCIM user id cannot contain control characters.", nameof(userId));
        }

        return userId;
    }

    internal sealed record Operation(
        [property: JsonPropertyName("op")] string Op,
        [property: JsonPropertyName("path")] string Path,
        [property: JsonPropertyName("value"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<MemberValue>? Value);

    internal sealed record MemberValue([property: JsonPropertyName("value")] string Value);

    private sealed record Body(
        [property: JsonPropertyName("schemas")] IReadOnlyList<string> Schemas,
        [property: JsonPropertyName("Operations")] IReadOnlyList<Operation> Operations);
}
