using IgaBot.Core.People;

namespace IgaBot.Adapters.Tenant;

/// <summary>
/// A person read from the directory, with the lines of what still has to be checked against the
/// rest of the tenant. <see cref="Value"/> is null when a field is missing (already reported).
/// </summary>
internal sealed record ParsedPerson(Located Email, Located? Manager, Located? TeamsId, Located? SlackId, IReadOnlyList<Located> Access, Person? Value);

/// <summary>
/// Reads directory.yaml: <c>users[]</c> with email, name, title, department, manager, access and
/// channel ids. Managers and access entries are checked later, once both files are read.
/// </summary>
internal static class DirectoryFile
{
    private static readonly string[] UserKeys = ["email", "name", "title", "department", "manager", "access", "teamsId", "slackId"];

    public static IReadOnlyList<ParsedPerson> Parse(YamlFile file)
    {
        if (file.Root is not { } root) return [];
        file.RejectUnknownKeys(root, "the directory", "users");
        var users = file.MappingList(root, "users", "the directory");
        if (users is null && file.Value(root, "users") is null) file.Problem(root, "the directory has no 'users'");

        var people = new List<ParsedPerson>();
        foreach (var node in users ?? [])
        {
            var email = file.RequiredText(node, "email", "a user");
            var what = email is null ? "a user" : $"user {email}";
            file.RejectUnknownKeys(node, what, UserKeys);
            if (email is not null && !LooksLikeEmail(email.Value))
                file.Problem(email.Line, $"'{email}' is not an email address");
            var name = file.RequiredText(node, "name", what);
            var title = file.RequiredText(node, "title", what);
            var department = file.RequiredText(node, "department", what);
            var manager = file.OptionalText(node, "manager", what);
            var teamsId = file.OptionalText(node, "teamsId", what);
            var slackId = file.OptionalText(node, "slackId", what);
            var access = file.TextList(node, "access", what) ?? [];

            if (email is null) continue;
            var person = name is null || title is null || department is null ? null : new Person
            {
                Email = email.Value,
                Name = name.Value,
                Title = title.Value,
                Department = department.Value,
                Manager = manager?.Value,
                TeamsId = teamsId?.Value,
                SlackId = slackId?.Value,
            };
            people.Add(new(email, manager, teamsId, slackId, access, person));
        }
        return people;
    }

    private static bool LooksLikeEmail(string text)
    {
        var at = text.IndexOf('@');
        return at > 0 && at == text.LastIndexOf('@') && at < text.Length - 1 && !text.Any(char.IsWhiteSpace);
    }
}
