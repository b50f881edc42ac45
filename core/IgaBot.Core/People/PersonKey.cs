namespace IgaBot.Core.People;

/// <summary>
/// A person's identity as every part of the bot compares it: the email, with surrounding spaces ignored and
/// without regard to case. " Ana@Example.com" and "ana@example.com" are one person; there is no other rule.
/// </summary>
public static class PersonKey
{
    /// <summary>For sets and dictionaries keyed by email, and for <c>Distinct</c>.</summary>
    public static IEqualityComparer<string> Comparer { get; } = new EmailComparer();

    /// <summary>
    /// The email as stores keep it: trimmed and in lower case, so that SQL equality matches <see cref="Same(string?, string?)"/>.
    /// </summary>
    public static string Of(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return email.Trim().ToLowerInvariant();
    }

    public static string? OfNullable(string? email) => email is null ? null : Of(email);

    /// <summary>Whether two emails name the same person. Two nulls are the same; a null and an email are not.</summary>
    public static bool Same(string? a, string? b) => string.Equals(a?.Trim(), b?.Trim(), StringComparison.OrdinalIgnoreCase);

    public static bool Same(Person a, Person b) => Same(a.Email, b.Email);

    private sealed class EmailComparer : IEqualityComparer<string?>
    {
        public bool Equals(string? x, string? y) => Same(x, y);

        public int GetHashCode(string? email) => email is null ? 0 : StringComparer.OrdinalIgnoreCase.GetHashCode(email.Trim());
    }
}
