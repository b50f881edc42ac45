using YamlDotNet.RepresentationModel;

namespace IgaBot.Adapters.Tests.Slack;

public sealed class SlackManifestTests
{
    private static YamlMappingNode Manifest()
    {
        var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "IgaBot.sln"))) dir = dir.Parent;
        var path = Path.Combine(dir!.FullName, "manifests", "slack", "manifest.yaml");
        var yaml = new YamlStream();
        using var reader = new StreamReader(path);
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents[0].RootNode;
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => ((YamlMappingNode)n).Children[new YamlScalarNode(key)]);

    private static IEnumerable<string> List(YamlNode node) => ((YamlSequenceNode)node).Children.Select(c => ((YamlScalarNode)c).Value!);

    [Test]
    public void TheManifest_PointsAtTheBotsEndpointsAndAsksForTheScopesItUses()
    {
        var m = Manifest();
        var command = (YamlMappingNode)((YamlSequenceNode)At(m, "features", "slash_commands")).Children.Single();

        Assert.Multiple(() =>
        {
            Assert.That(At(command, "command").ToString(), Is.EqualTo("/access"));
            Assert.That(new Uri(At(command, "url").ToString()).AbsolutePath, Is.EqualTo("/api/slack/commands"));
            Assert.That(new Uri(At(m, "settings", "interactivity", "request_url").ToString()).AbsolutePath, Is.EqualTo("/api/slack/interactions"));
            Assert.That(new Uri(At(m, "settings", "event_subscriptions", "request_url").ToString()).AbsolutePath, Is.EqualTo("/api/slack/events"));
            Assert.That(List(At(m, "settings", "event_subscriptions", "bot_events")), Is.EquivalentTo(new[] { "app_home_opened", "message.im", "app_mention" }));
            Assert.That(List(At(m, "oauth_config", "scopes", "bot")), Is.EquivalentTo(new[]
                { "chat:write", "commands", "im:write", "im:history", "users:read", "users:read.email", "app_mentions:read" }));
            Assert.That(At(m, "features", "app_home", "home_tab_enabled").ToString(), Is.EqualTo("true"));
            Assert.That(At(m, "features", "app_home", "messages_tab_enabled").ToString(), Is.EqualTo("true"));
            Assert.That(At(m, "settings", "socket_mode_enabled").ToString(), Is.EqualTo("false"));
        });
    }
}
