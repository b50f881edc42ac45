using NUnit.Framework;
using System.Text.Json;
using IgaBot.Core.Catalog;
using IgaBot.Core.People;
using IgaBot.Core.Policy;
using YamlDotNet.RepresentationModel;

namespace IgaBot.Adapters.Tests.Planner;

/// <summary>
/// Just enough of the tenant YAML format to test the planner against tests/eval (the real loader is
/// the tenant branch's job and checks much more).
/// </summary>
internal static class EvalTenant
{
    public static string EvalPath(string file) => Path.Combine(TestContext.CurrentContext.TestDirectory, "eval", file);

    public static AccessCatalog LoadCatalog(string path)
    {
        var root = Load(path);
        var groups = new Dictionary<string, IReadOnlyList<string>>();
        if (root.Children.TryGetValue(new YamlScalarNode("groups"), out var g))
            foreach (var (k, v) in ((YamlMappingNode)g).Children)
                groups[Scalar(k)!] = ((YamlSequenceNode)v).Children.Select(n => Scalar(n)!).ToList();
        var apps = new List<App>();
        foreach (var a in ((YamlSequenceNode)root["apps"]).Children.Cast<YamlMappingNode>())
        {
            var appId = Scalar(a["id"])!;
            var entitlements = new List<Entitlement>();
            foreach (var e in ((YamlSequenceNode)a["entitlements"]).Children.Cast<YamlMappingNode>())
            {
                entitlements.Add(new Entitlement
                {
                    Id = Scalar(e["id"])!,
                    AppId = appId,
                    Name = Scalar(e["name"])!,
                    Description = Scalar(e["description"])!,
                    Risk = Enum.Parse<Risk>(Scalar(e["risk"])!, ignoreCase: true),
                    DefaultDuration = Optional(e, "defaultDuration") is { } dd ? Durations.ParseIso(dd) : null,
                    MaxDuration = Optional(e, "maxDuration") is { } md ? Durations.ParseIso(md) : null,
                    RequiresJustification = Optional(e, "requiresJustification") == "true",
                    Approvals = Sequence(e, "approvals").Select(s => s switch
                    {
                        "manager" => ApprovalStep.Manager,
                        "owner" => ApprovalStep.Owner,
                        "security" => ApprovalStep.ForGroup("security"),
                        _ => ApprovalStep.ForGroup(s["group:".Length..]),
                    }).ToList(),
                    PeerCoverage = e.Children.TryGetValue(new YamlScalarNode("autoApprove"), out var auto)
                        ? double.Parse(Scalar(((YamlMappingNode)auto)["peerCoverage"])!, System.Globalization.CultureInfo.InvariantCulture) : null,
                    EligibleDepartments = e.Children.TryGetValue(new YamlScalarNode("eligible"), out var el) ? Sequence((YamlMappingNode)el, "departments") : [],
                    Conflicts = Sequence(e, "conflicts"),
                    Scope = e.Children.TryGetValue(new YamlScalarNode("scope"), out var sc)
                        ? new EntitlementScope(Scalar(((YamlMappingNode)sc)["label"])!, Sequence((YamlMappingNode)sc, "options")) : null,
                });
            }
            apps.Add(new App
            {
                Id = appId,
                Name = Scalar(a["name"])!,
                Description = Scalar(a["description"])!,
                Owner = Scalar(a["owner"])!,
                Connector = Optional(a, "connector") ?? "manual",
                Entitlements = entitlements,
            });
        }
        return new AccessCatalog(apps, groups);
    }

    public static (PeopleDirectory Directory, IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>> Access) LoadDirectory(string path)
    {
        var people = new List<Person>();
        var access = new Dictionary<string, IReadOnlyList<AccessAssignment>>(StringComparer.OrdinalIgnoreCase);
        foreach (var u in ((YamlSequenceNode)Load(path)["users"]).Children.Cast<YamlMappingNode>())
        {
            var person = new Person
            {
                Email = Scalar(u["email"])!,
                Name = Scalar(u["name"])!,
                Title = Scalar(u["title"])!,
                Department = Scalar(u["department"])!,
                Manager = Optional(u, "manager"),
            };
            people.Add(person);
            access[person.Email] = Sequence(u, "access").Select(AccessAssignment.Parse).ToList();
        }
        return (new PeopleDirectory(people), access);
    }

    /// <summary>Entitlement id → how many peers (same title) of the person hold it.</summary>
    public static IReadOnlyDictionary<string, int> PeerHoldings(
        PeopleDirectory directory, IReadOnlyDictionary<string, IReadOnlyList<AccessAssignment>> access, string email)
    {
        var counts = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var peer in directory.PeersOf(directory.Get(email)))
            foreach (var id in access[peer.Email].Select(a => a.EntitlementId).Distinct())
                counts[id] = counts.GetValueOrDefault(id) + 1;
        return counts;
    }

    public static IReadOnlyList<EvalCase> LoadCases(string path) =>
        File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<EvalCase>(l, Json)!).ToList();

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    private static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static string? Scalar(YamlNode node) => (node as YamlScalarNode)?.Value;

    private static string? Optional(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) ? Scalar(v) : null;

    private static IReadOnlyList<string> Sequence(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var v) && v is YamlSequenceNode s ? s.Children.Select(n => Scalar(n)!).ToList() : [];
}

internal sealed record EvalCase(string Id, string Requester, string Say, Dictionary<string, string>? Answers, EvalExpectation Expect);

internal sealed record EvalExpectation(string Entitlement, string? Scope, string? Status, string? Duration, IReadOnlyList<string>? Asks);
